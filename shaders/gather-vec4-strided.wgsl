// gather, vectorised and strided: the lookup of gather-vec4.wgsl, but each
// invocation copies up to VPT vec4s of one row, at columns j, j + lanes,
// j + 2·lanes, ... (lanes = ceil(dim4 / VPT) invocations share a row). Fewer
// invocations amortise the per-invocation cost (the row's index load, the
// division that finds the row, the bounds checks), which dominates on
// software adapters such as SwiftShader; neighbouring invocations still touch
// neighbouring vec4s, so accesses stay coalesced on hardware GPUs.
// Same shards, zero rows and status as gather.wgsl.

struct Params {
  total: u32,     // invocations = indexCount * lanes
  dim4: u32,      // row length in vec4s (D / 4)
  rows: u32,      // table rows V (all shards)
  rowStart: u32,  // first table row held by this shard
  shardRows: u32, // rows held by this shard
  reports: u32,   // 1: this dispatch writes zero rows for bad indices and reports them
  lanes: u32,     // invocations per row: ceil(dim4 / VPT)
}

@group(0) @binding(0) var<storage, read> table: array<vec4f>;       // this shard: [shardRows, dim4]
@group(0) @binding(1) var<storage, read> indices: array<i32>;       // flat
@group(0) @binding(2) var<storage, read_write> out: array<vec4f>;   // [indexCount, dim4]
@group(0) @binding(3) var<storage, read_write> status: array<atomic<u32>, 4>; // [bad count, first bad position, -, -]
@group(0) @binding(4) var<uniform> params: Params;                  // shapes

override WG: u32 = 256;
override VPT: u32 = 4; // vec4s per invocation

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let r = i / params.lanes;
  let j = i - r * params.lanes;
  let row = indices[r];
  let dst = r * params.dim4;
  if (row < 0 || u32(row) >= params.rows) {
    if (params.reports == 0u) { return; }
    for (var k = 0u; k < VPT; k++) {
      let c = j + k * params.lanes;
      if (c < params.dim4) { out[dst + c] = vec4f(0.0); }
    }
    if (j == 0u) {
      atomicAdd(&status[0], 1u);
      atomicMin(&status[1], r);
    }
    return;
  }
  let local = u32(row) - params.rowStart;
  if (local >= params.shardRows) { return; }
  let src = local * params.dim4;
  for (var k = 0u; k < VPT; k++) {
    let c = j + k * params.lanes;
    if (c < params.dim4) { out[dst + c] = table[src + c]; }
  }
}
