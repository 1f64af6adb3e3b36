// segmentSumRows: the sorted position where each segment starts. Each block
// numbers its heads (an exclusive scan in workgroup memory) after the heads
// of the blocks before it (segment-scan.wgsl), so segment u, the u-th
// distinct valid index in ascending order, starts at starts[u].

struct Params {
  rows: u32,   // V: valid keys lie in [0, rows)
  blocks: u32, // blocks of BLOCK pairs
}

@group(0) @binding(0) var<storage, read> pairs: array<vec2u>;       // [blocks * BLOCK] sorted (key, position)
@group(0) @binding(1) var<storage, read> counts: array<u32>;        // [blocks + 1]: first slot of each block
@group(0) @binding(2) var<storage, read_write> starts: array<u32>;  // [K]: sorted position of each segment's head
@group(0) @binding(3) var<uniform> params: Params;                  // sizes

override WG: u32 = 256;
override BLOCK: u32 = 512;
// Consecutive positions each invocation owns: BLOCK / WG.
override PER: u32 = 2;

var<workgroup> scan: array<u32, WG>;

fn isHead(g: u32) -> bool {
  let key = pairs[g].x;
  return key < params.rows && (g == 0u || pairs[g - 1u].x != key);
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let block = wid.x + wid.y * nwg.x;
  if (block >= params.blocks) { return; }
  let first = block * BLOCK + lid * PER;
  var mine = 0u;
  for (var e = 0u; e < PER; e++) {
    mine += select(0u, 1u, isHead(first + e));
  }
  scan[lid] = mine;
  workgroupBarrier();
  for (var width = 1u; width < WG; width = width * 2u) {
    var add = 0u;
    if (lid >= width) { add = scan[lid - width]; }
    workgroupBarrier();
    scan[lid] += add;
    workgroupBarrier();
  }
  var slot = counts[block] + scan[lid] - mine;
  for (var e = 0u; e < PER; e++) {
    if (isHead(first + e)) {
      starts[slot] = first + e;
      slot++;
    }
  }
}
