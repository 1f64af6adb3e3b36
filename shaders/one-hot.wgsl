// oneHot: out[r, j] = 1 if indices[r] == j else 0, for j in [0, depth).
// An index outside [0, depth) gives an all-zero row and is counted in `status`.

struct Params {
  total: u32, // output elements = indexCount * depth
  depth: u32, // number of classes
}

@group(0) @binding(0) var<storage, read> indices: array<i32>;     // flat
@group(0) @binding(1) var<storage, read_write> out: array<f32>;   // [indexCount, depth]
@group(0) @binding(2) var<storage, read_write> status: array<atomic<u32>, 4>; // [bad count, first bad position, -, -]
@group(0) @binding(3) var<uniform> params: Params;                // shapes

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let r = i / params.depth;
  let j = i - r * params.depth;
  let hot = indices[r];
  out[i] = select(0.0, 1.0, hot == i32(j));
  if (j == 0u && (hot < 0 || u32(hot) >= params.depth)) {
    atomicAdd(&status[0], 1u);
    atomicMin(&status[1], r);
  }
}
