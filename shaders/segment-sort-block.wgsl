// segmentSumRows, sort pass in workgroup memory: a bitonic sort of
// (key, position) pairs, BLOCK pairs per workgroup. Keys are the row indices;
// an index outside [0, rows) gets the key `rows` (it sorts after every valid
// one and is left out of the sums), and the padding up to a power of two gets
// 0xffffffff. Positions are unique, so the order (key, then position) is
// total: equal indices keep their order in the batch, which fixes the order
// of each row's sum (deterministic, run to run).
//
// Stage 0 loads the pairs from the indices and sorts each block whole (the
// bitonic stages 2..BLOCK). A later stage k > BLOCK only finishes the steps
// j < BLOCK of stage k inside each block (segment-sort-merge.wgsl did the
// longer steps in global memory). Directions follow the global position, so
// the blocks together form the full bitonic network.

struct Params {
  count: u32,  // K: entries of indices (stage 0)
  rows: u32,   // V: valid keys lie in [0, rows)
  stage: u32,  // 0: load and sort whole blocks; else the bitonic stage k to finish
  blocks: u32, // workgroups with work = padded length / BLOCK
}

@group(0) @binding(0) var<storage, read> indices: array<i32>;      // [count] (stage 0 only)
@group(0) @binding(1) var<storage, read_write> pairs: array<vec2u>; // [blocks * BLOCK] (key, position)
@group(0) @binding(2) var<uniform> params: Params;                 // sizes and stage

override WG: u32 = 64;
override BLOCK: u32 = 512; // a multiple of 2 * WG: each invocation compares BLOCK / (2 * WG) pairs per step

var<workgroup> tile: array<vec2u, BLOCK>;

fn less(a: vec2u, b: vec2u) -> bool {
  return a.x < b.x || (a.x == b.x && a.y < b.y);
}

// Compare-exchange t (of BLOCK / 2) of step j of stage k; `base` is the block's first global position.
fn exchange(base: u32, t: u32, k: u32, j: u32) {
  let i = (t / j) * 2u * j + t % j;
  let a = tile[i];
  let b = tile[i + j];
  let ascending = ((base + i) & k) == 0u;
  if (less(b, a) == ascending) {
    tile[i] = b;
    tile[i + j] = a;
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  // Uniform per workgroup, so the barriers below stay in uniform control flow.
  let block = wid.x + wid.y * nwg.x;
  if (block >= params.blocks) { return; }
  let base = block * BLOCK;
  for (var p = lid; p < BLOCK; p += WG) {
    let g = base + p;
    if (params.stage == 0u) {
      var key = 0xffffffffu;
      if (g < params.count) {
        let index = indices[g];
        key = select(params.rows, u32(index), index >= 0 && u32(index) < params.rows);
      }
      tile[p] = vec2u(key, g);
    } else {
      tile[p] = pairs[g];
    }
  }
  workgroupBarrier();
  var k = params.stage;
  var j = BLOCK / 2u;
  if (params.stage == 0u) {
    k = 2u;
    j = 1u;
  }
  loop {
    for (var t = lid; t < BLOCK / 2u; t += WG) { exchange(base, t, k, j); }
    workgroupBarrier();
    if (j > 1u) {
      j = j / 2u;
    } else {
      if (params.stage != 0u || k == BLOCK) { break; }
      k = k * 2u;
      j = k / 2u;
    }
  }
  for (var p = lid; p < BLOCK; p += WG) {
    pairs[base + p] = tile[p];
  }
}
