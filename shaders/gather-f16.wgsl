// gather from a float16 table: out[r, c] = table[indices[r], c] as float32,
// the table packed two halves per u32 (element e in word e / 2, the even
// element in the low half) and read with unpack2x16float, so it works on
// every adapter, with or without the shader-f16 feature. One invocation per
// four output elements of a row (each row's index read once per four). An
// index outside [0, rows) yields a zero row and is counted in `status` for
// the op's out-of-range report.

struct Params {
  total: u32, // invocations = indexCount * quads
  dim: u32,   // row length D
  rows: u32,  // table rows V
  quads: u32, // groups of four per output row = ceil(dim / 4)
}

@group(0) @binding(0) var<storage, read> table: array<u32>;        // [ceil(rows * dim / 2)] packed halves
@group(0) @binding(1) var<storage, read> indices: array<i32>;      // flat
@group(0) @binding(2) var<storage, read_write> out: array<f32>;    // [indexCount, dim]
@group(0) @binding(3) var<storage, read_write> status: array<atomic<u32>, 4>; // [bad count, first bad position, -, -]
@group(0) @binding(4) var<uniform> params: Params;                 // shapes

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let r = i / params.quads;
  let first = (i - r * params.quads) * 4u;
  let row = indices[r];
  let valid = row >= 0 && u32(row) < params.rows;
  if (!valid && first == 0u) {
    atomicAdd(&status[0], 1u);
    atomicMin(&status[1], r);
  }
  for (var c = first; c < min(first + 4u, params.dim); c++) {
    var value = 0.0;
    if (valid) {
      let e = u32(row) * params.dim + c;
      value = unpack2x16float(table[e >> 1u])[e & 1u];
    }
    out[r * params.dim + c] = value;
  }
}
