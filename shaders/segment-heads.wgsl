// segmentSumRows, after the sort: counts the segment heads in each block of
// BLOCK sorted pairs. A head is the first pair of a run of equal valid keys
// (key < rows); out-of-range indices (key = rows) and padding start none.

struct Params {
  rows: u32,   // V: valid keys lie in [0, rows)
  blocks: u32, // blocks of BLOCK pairs
}

@group(0) @binding(0) var<storage, read> pairs: array<vec2u>;         // [blocks * BLOCK] sorted (key, position)
@group(0) @binding(1) var<storage, read_write> counts: array<u32>;    // [blocks + 1]: heads per block
@group(0) @binding(2) var<uniform> params: Params;                    // sizes

override WG: u32 = 256;
override BLOCK: u32 = 512;

var<workgroup> partial: array<u32, WG>;

fn isHead(g: u32) -> u32 {
  let key = pairs[g].x;
  if (key >= params.rows) { return 0u; }
  if (g == 0u) { return 1u; }
  return select(0u, 1u, pairs[g - 1u].x != key);
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let block = wid.x + wid.y * nwg.x;
  if (block >= params.blocks) { return; }
  var sum = 0u;
  for (var p = lid; p < BLOCK; p += WG) {
    sum += isHead(block * BLOCK + p);
  }
  partial[lid] = sum;
  workgroupBarrier();
  for (var width = WG / 2u; width > 0u; width = width / 2u) {
    if (lid < width) { partial[lid] += partial[lid + width]; }
    workgroupBarrier();
  }
  if (lid == 0u) { counts[block] = partial[0]; }
}
