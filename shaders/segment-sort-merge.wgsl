// segmentSumRows, sort pass in global memory: one step j >= BLOCK of bitonic
// stage k over all (key, position) pairs, for sorts longer than one block
// (segment-sort-block.wgsl finishes the shorter steps). Same order and
// directions as that kernel.

struct Params {
  half: u32,  // compare-exchanges = padded length / 2
  stage: u32, // bitonic stage k
  step: u32,  // distance j of the compared pairs
}

@group(0) @binding(0) var<storage, read_write> pairs: array<vec2u>; // [padded length] (key, position)
@group(0) @binding(1) var<uniform> params: Params;                 // stage and step

override WG: u32 = 256;

fn less(a: vec2u, b: vec2u) -> bool {
  return a.x < b.x || (a.x == b.x && a.y < b.y);
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let t = (wid.x + wid.y * nwg.x) * WG + lid;
  if (t >= params.half) { return; }
  let j = params.step;
  let i = (t / j) * 2u * j + t % j;
  let a = pairs[i];
  let b = pairs[i + j];
  let ascending = (i & params.stage) == 0u;
  if (less(b, a) == ascending) {
    pairs[i] = b;
    pairs[i + j] = a;
  }
}
