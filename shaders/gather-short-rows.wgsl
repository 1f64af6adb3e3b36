// gather of short rows: each invocation copies CHUNK vec4s of one row by
// straight-line statements, PARTS = DIM4 / CHUNK invocations a row (one for
// rows under 16 vec4s, four of 4 vec4s for rows of 16). On a software
// adapter such as SwiftShader a loop around a row's few vec4s costs more
// than the copies themselves, whether its bound is a uniform or a constant
// (the compiler does not unroll it), so the whole-rows kernel runs rows of 4
// vec4s (D = 16) at ~0.7 of the copy kernel. Here DIM4 (the row length) and
// CHUNK are override constants: each guard below is decided when the
// pipeline is built and the copies left are straight-line code (a guard on a
// uniform instead runs 3x slower), at 0.9-1.0 of the copy kernel up to
// D = 64. The host builds one pipeline per row length it uses this for
// (D <= 64; longer rows take the whole-rows kernel). Chunks beyond eight
// vec4s copy the rest in a loop.
// Same shards, zero rows and status as gather.wgsl.

struct Params {
  count: u32,     // lookups (indexCount); PARTS invocations each
  rows: u32,      // table rows V (all shards)
  rowStart: u32,  // first table row held by this shard
  shardRows: u32, // rows held by this shard
  reports: u32,   // 1: this dispatch writes zero rows for bad indices and reports them
}

@group(0) @binding(0) var<storage, read> table: array<vec4f>;       // this shard: [shardRows, DIM4]
@group(0) @binding(1) var<storage, read> indices: array<i32>;       // flat
@group(0) @binding(2) var<storage, read_write> out: array<vec4f>;   // [indexCount, DIM4]
@group(0) @binding(3) var<storage, read_write> status: array<atomic<u32>, 4>; // [bad count, first bad position, -, -]
@group(0) @binding(4) var<uniform> params: Params;                  // shapes

override WG: u32 = 256;
override DIM4: u32 = 4;              // row length in vec4s (D / 4)
override CHUNK: u32 = DIM4;          // vec4s each invocation copies; divides DIM4
override PARTS: u32 = DIM4 / CHUNK;  // invocations a row

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  // A division by a constant: a shift or a multiply once the pipeline is built.
  let r = i / PARTS;
  let part = i - r * PARTS;
  if (r >= params.count) { return; }
  let row = indices[r];
  let dst = r * DIM4 + part * CHUNK;
  // One comparison on the common path: below rowStart the subtraction wraps to
  // a huge value, and so does a negative index (the table's rows, fewer than
  // 2^31 as int32 indices can name no more, end below it).
  let local = u32(row) - params.rowStart;
  if (local >= params.shardRows) {
    // Another shard's row, or no row at all: only the reporting dispatch writes its zero row.
    if ((row >= 0 && u32(row) < params.rows) || params.reports == 0u) { return; }
    for (var c = 0u; c < CHUNK; c++) { out[dst + c] = vec4f(0.0); }
    if (part == 0u) {
      atomicAdd(&status[0], 1u);
      atomicMin(&status[1], r);
    }
    return;
  }
  let src = local * DIM4 + part * CHUNK;
  if (CHUNK > 0u) { out[dst] = table[src]; }
  if (CHUNK > 1u) { out[dst + 1u] = table[src + 1u]; }
  if (CHUNK > 2u) { out[dst + 2u] = table[src + 2u]; }
  if (CHUNK > 3u) { out[dst + 3u] = table[src + 3u]; }
  if (CHUNK > 4u) { out[dst + 4u] = table[src + 4u]; }
  if (CHUNK > 5u) { out[dst + 5u] = table[src + 5u]; }
  if (CHUNK > 6u) { out[dst + 6u] = table[src + 6u]; }
  if (CHUNK > 7u) { out[dst + 7u] = table[src + 7u]; }
  for (var c = 8u; c < CHUNK; c++) { out[dst + c] = table[src + c]; }
}
