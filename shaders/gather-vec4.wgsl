// gather, vectorised: the same lookup as gather.wgsl for tables whose row
// length is a multiple of 4, moving one vec4 per invocation (4x fewer
// invocations and index loads). Same shards, zero rows and status as gather.wgsl.

struct Params {
  total: u32,     // output vec4s = indexCount * dim4
  dim4: u32,      // row length in vec4s (D / 4)
  rows: u32,      // table rows V (all shards)
  rowStart: u32,  // first table row held by this shard
  shardRows: u32, // rows held by this shard
  reports: u32,   // 1: this dispatch writes zero rows for bad indices and reports them
}

@group(0) @binding(0) var<storage, read> table: array<vec4f>;       // this shard: [shardRows, dim4]
@group(0) @binding(1) var<storage, read> indices: array<i32>;       // flat
@group(0) @binding(2) var<storage, read_write> out: array<vec4f>;   // [indexCount, dim4]
@group(0) @binding(3) var<storage, read_write> status: array<atomic<u32>, 4>; // [bad count, first bad position, -, -]
@group(0) @binding(4) var<uniform> params: Params;                  // shapes

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let r = i / params.dim4;
  let c = i - r * params.dim4;
  let row = indices[r];
  if (row < 0 || u32(row) >= params.rows) {
    if (params.reports == 0u) { return; }
    out[i] = vec4f(0.0);
    if (c == 0u) {
      atomicAdd(&status[0], 1u);
      atomicMin(&status[1], r);
    }
    return;
  }
  let local = u32(row) - params.rowStart;
  if (local >= params.shardRows) { return; }
  out[i] = table[local * params.dim4 + c];
}
