// gather, whole rows per invocation: each invocation copies ROWS consecutive
// lookups, every vec4 of each row, in one loop. On a software adapter such as
// SwiftShader the cost of an invocation (its index math, the bounds checks,
// the start of its loop) dominates a copy, and the strided kernel still pays
// it once per VPT vec4s and leaves most of its loop idle on short rows; here
// it is paid once per ~64 vec4s whatever the row length (the host picks ROWS
// so). On hardware GPUs, where neighbouring invocations must touch
// neighbouring memory, the strided kernel is used instead. With UNROLL the
// column loop copies four vec4s a step: on SwiftShader that is 1.2-1.4x
// faster on rows of 256 floats and more, but slower on short rows, so the
// host picks it by row length (a constant, so that each pipeline compiles
// one loop only: merely present, the unrolled loop slows short rows too).
// Same shards, zero rows and status as gather.wgsl.

struct Params {
  total: u32,     // invocations = ceil(indexCount / rowsPer)
  dim4: u32,      // row length in vec4s (D / 4)
  rows: u32,      // table rows V (all shards)
  rowStart: u32,  // first table row held by this shard
  shardRows: u32, // rows held by this shard
  reports: u32,   // 1: this dispatch writes zero rows for bad indices and reports them
  count: u32,     // lookups (indexCount)
  rowsPer: u32,   // lookups per invocation
}

@group(0) @binding(0) var<storage, read> table: array<vec4f>;       // this shard: [shardRows, dim4]
@group(0) @binding(1) var<storage, read> indices: array<i32>;       // flat
@group(0) @binding(2) var<storage, read_write> out: array<vec4f>;   // [indexCount, dim4]
@group(0) @binding(3) var<storage, read_write> status: array<atomic<u32>, 4>; // [bad count, first bad position, -, -]
@group(0) @binding(4) var<uniform> params: Params;                  // shapes

override WG: u32 = 64;
override UNROLL: bool = false; // copy four vec4s per column step (then the rest one by one)

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let first = i * params.rowsPer;
  let last = min(first + params.rowsPer, params.count);
  for (var r = first; r < last; r++) {
    let row = indices[r];
    let dst = r * params.dim4;
    if (row < 0 || u32(row) >= params.rows) {
      if (params.reports == 0u) { continue; }
      for (var c = 0u; c < params.dim4; c++) { out[dst + c] = vec4f(0.0); }
      atomicAdd(&status[0], 1u);
      atomicMin(&status[1], r);
      continue;
    }
    let local = u32(row) - params.rowStart;
    if (local >= params.shardRows) { continue; }
    let src = local * params.dim4;
    var c = 0u;
    if (UNROLL) {
      for (; c + 4u <= params.dim4; c += 4u) {
        out[dst + c] = table[src + c];
        out[dst + c + 1u] = table[src + c + 1u];
        out[dst + c + 2u] = table[src + c + 2u];
        out[dst + c + 3u] = table[src + c + 3u];
      }
    }
    for (; c < params.dim4; c++) { out[dst + c] = table[src + c]; }
  }
}
