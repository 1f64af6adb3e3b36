// embeddingBag: out[b, c] = reduce over the entries j of bag b of
// weight[j] * table[indices[j], c], with reduce = sum, mean or max. Fused: each
// invocation walks its bag's indices and reads the table directly, so no
// [indexCount, dim] gather buffer ever exists. Adjacent invocations share a
// bag and read adjacent columns of the same rows.
//
// Bags are either fixed-size (bag b = entries [b * bagSize, (b + 1) * bagSize))
// or CSR: bag b = [offsets[b], offsets[b + 1]), the last one ending at
// indexCount unless the offsets include it. Offsets come unchecked when they
// live on the GPU, so each is clamped into [0, indexCount] and a bag that ends
// before it starts is empty. Entries equal to the padding row, or outside
// [0, rows), are left out of the reduction and of the mean's count; a bag
// with no entries left gives a zero row.
//
// A table split across buffers by rows takes one dispatch per buffer, in
// order: each adds the rows its buffer holds to the partial result the
// dispatches before it left in `out` (a sum, or a max), and the last one
// divides the mean by the count of the whole bag.

struct Params {
  total: u32,       // output elements = bags * dim
  dim: u32,         // row length D
  rows: u32,        // table rows V
  count: u32,       // number of indices (all bags together)
  bagSize: u32,     // entries per bag when there are no offsets
  offsetCount: u32, // entries in offsets; 0 means fixed-size bags
  mode: u32,        // 0 sum, 1 mean, 2 max
  weighted: u32,    // 1 when per-sample weights are bound
  padding: i32,     // the padding row, or -1 for none
  rowStart: u32,    // first table row held by this dispatch's buffer (a split table: one dispatch per buffer)
  shardRows: u32,   // rows it holds
  first: u32,       // 1: the first buffer's dispatch, which starts every bag's reduction
  last: u32,        // 1: the last buffer's dispatch, which finishes it (the mean's division)
}

@group(0) @binding(0) var<storage, read> table: array<f32>;        // this buffer's rows: [shardRows, dim]
@group(0) @binding(1) var<storage, read> indices: array<i32>;      // [count], bags back to back
@group(0) @binding(2) var<storage, read> offsets: array<i32>;      // [offsetCount] bag starts (unused when 0)
@group(0) @binding(3) var<storage, read> weights: array<f32>;      // [count] per-sample weights (unused unless weighted)
@group(0) @binding(4) var<storage, read_write> out: array<f32>;    // [bags, dim]
@group(0) @binding(5) var<uniform> params: Params;                 // shapes and options

override WG: u32 = 256;

const MODE_MEAN: u32 = 1u;
const MODE_MAX: u32 = 2u;

fn clampedOffset(k: u32) -> u32 {
  return u32(clamp(offsets[k], 0, i32(params.count)));
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let b = i / params.dim;
  let c = i - b * params.dim;

  var start = b * params.bagSize;
  var end = start + params.bagSize;
  if (params.offsetCount > 0u) {
    start = clampedOffset(b);
    end = params.count;
    if (b + 1u < params.offsetCount) { end = clampedOffset(b + 1u); }
  }

  var acc = 0.0;
  var before = 0u; // the bag's rows in earlier buffers: their reduction so far is in out[i]
  var here = 0u;   // the bag's rows in this buffer
  for (var j = start; j < end; j++) {
    let row = indices[j];
    // Bad entries are counted for the op's report by a separate pass (index-range.wgsl), each once.
    if (row < 0 || u32(row) >= params.rows || row == params.padding) { continue; }
    // Below rowStart the subtraction wraps to a huge value, so one comparison selects this buffer.
    let local = u32(row) - params.rowStart;
    if (local >= params.shardRows) {
      if (u32(row) < params.rowStart) { before++; }
      continue;
    }
    var value = table[local * params.dim + c];
    if (params.weighted == 1u) { value *= weights[j]; }
    if (params.mode == MODE_MAX) {
      acc = select(max(acc, value), value, here == 0u);
    } else {
      acc += value;
    }
    here++;
  }
  // Earlier buffers' partial result: a sum, or a max once the bag had a row there.
  if (params.mode == MODE_MAX) {
    if (before > 0u) { acc = select(max(acc, out[i]), out[i], here == 0u); }
  } else if (params.first == 0u) {
    acc += out[i];
  }
  // In the last buffer every row of the bag was counted, before or here.
  let used = before + here;
  if (params.last == 1u && params.mode == MODE_MEAN && used > 0u) { acc /= f32(f32(used)); }
  out[i] = acc;
}
