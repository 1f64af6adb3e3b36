// segmentSumRows: one workgroup turns the heads per block into each block's
// first output slot (an exclusive prefix sum, in place) and writes the number
// of segments after them, at counts[blocks]. It walks the blocks WG at a
// time, carrying the running total; blocks are few (K / BLOCK).

struct Params {
  blocks: u32, // entries to scan
}

@group(0) @binding(0) var<storage, read_write> counts: array<u32>; // [blocks + 1]
@group(0) @binding(1) var<uniform> params: Params;                 // sizes

override WG: u32 = 256;

var<workgroup> scan: array<u32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lid: u32) {
  var carry = 0u;
  for (var start = 0u; start < params.blocks; start += WG) {
    let g = start + lid;
    var value = 0u;
    if (g < params.blocks) { value = counts[g]; }
    scan[lid] = value;
    workgroupBarrier();
    // Hillis-Steele inclusive scan of this chunk.
    for (var width = 1u; width < WG; width = width * 2u) {
      var add = 0u;
      if (lid >= width) { add = scan[lid - width]; }
      workgroupBarrier();
      scan[lid] += add;
      workgroupBarrier();
    }
    if (g < params.blocks) { counts[g] = carry + scan[lid] - value; }
    carry += scan[WG - 1u];
    workgroupBarrier();
  }
  if (lid == 0u) { counts[params.blocks] = carry; }
}
