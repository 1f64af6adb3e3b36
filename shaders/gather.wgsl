// gather: out[r, c] = table[indices[r], c] for a float32 table [rows, dim],
// one invocation per output element, so any dim works. The table may be
// split by row ranges across several buffers: one dispatch per shard, each
// writing the rows its shard holds. An index outside [0, rows) yields a zero
// row (written by the dispatch flagged `reports`, which also counts it in
// `status`) and the table is never read outside its bounds.

struct Params {
  total: u32,     // output elements = indexCount * dim
  dim: u32,       // row length D
  rows: u32,      // table rows V (all shards)
  rowStart: u32,  // first table row held by this shard
  shardRows: u32, // rows held by this shard
  reports: u32,   // 1: this dispatch writes zero rows for bad indices and reports them
}

@group(0) @binding(0) var<storage, read> table: array<f32>;         // this shard: [shardRows, dim], row-major
@group(0) @binding(1) var<storage, read> indices: array<i32>;       // flat, any original shape
@group(0) @binding(2) var<storage, read_write> out: array<f32>;     // [indexCount, dim]
@group(0) @binding(3) var<storage, read_write> status: array<atomic<u32>, 4>; // [bad count, first bad position, -, -]
@group(0) @binding(4) var<uniform> params: Params;                  // shapes, so one pipeline serves all

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  // Large dispatches are folded into 2-D; rebuild the linear invocation index.
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let r = i / params.dim;
  let c = i - r * params.dim;
  let row = indices[r];
  if (row < 0 || u32(row) >= params.rows) {
    if (params.reports == 0u) { return; }
    // A stored constant, never table * 0: a NaN or Inf in the table cannot leak into the zero row.
    out[i] = 0.0;
    if (c == 0u) {
      atomicAdd(&status[0], 1u);
      atomicMin(&status[1], r);
    }
    return;
  }
  // Below rowStart the subtraction wraps to a huge value, so one comparison selects this shard.
  let local = u32(row) - params.rowStart;
  if (local >= params.shardRows) { return; }
  out[i] = table[local * params.dim + c];
}
