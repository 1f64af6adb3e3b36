// segmentSumRows, last pass, for rows whose length is a multiple of 4: the
// same sums as segment-sum.wgsl (same order, so the same bits), four columns
// per invocation as one vec4: a quarter of the invocations, loads and
// segment walks.

struct Params {
  slots: u32,  // K: output slots
  dim: u32,    // D / 4: row length in vec4s
  lanes: u32,  // invocations per slot: D / 4
  rows: u32,   // V: the sentinel index
  padded: u32, // sorted pairs
  blocks: u32, // counts[blocks] holds the number of segments
}

@group(0) @binding(0) var<storage, read> pairs: array<vec2u>;          // [padded] sorted (key, position)
@group(0) @binding(1) var<storage, read> counts: array<u32>;           // [blocks + 1]
@group(0) @binding(2) var<storage, read> starts: array<u32>;           // [slots]: head of each segment
@group(0) @binding(3) var<storage, read> rows: array<vec4f>;           // [slots, dim]: the unreduced rows
@group(0) @binding(4) var<storage, read_write> outIndices: array<i32>; // [slots]
@group(0) @binding(5) var<storage, read_write> outRows: array<vec4f>;  // [slots, dim]
@group(0) @binding(6) var<uniform> params: Params;                     // sizes

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.slots * params.lanes) { return; }
  let u = i / params.lanes;
  let c = i - u * params.lanes;
  if (u >= counts[params.blocks]) {
    if (c == 0u) { outIndices[u] = i32(params.rows); }
    outRows[u * params.dim + c] = vec4f(0.0);
    return;
  }
  let head = starts[u];
  let key = pairs[head].x;
  if (c == 0u) { outIndices[u] = i32(key); }
  var sum = vec4f(0.0);
  for (var j = head; j < params.padded; j++) {
    let pair = pairs[j];
    if (pair.x != key) { break; }
    sum += rows[pair.y * params.dim + c];
  }
  outRows[u * params.dim + c] = sum;
}
