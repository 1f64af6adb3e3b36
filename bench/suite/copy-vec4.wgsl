// The copy-kernel bound: out[i] = src[i], one vec4 per invocation. A gather
// moves the same bytes plus an index per row, so no gather kernel written the
// same way can beat this on an adapter where compute, not memory, limits.

struct Params {
  total: u32, // vec4s to copy
}

@group(0) @binding(0) var<storage, read> src: array<vec4f>;        // total vec4s
@group(0) @binding(1) var<storage, read_write> dst: array<vec4f>;  // total vec4s
@group(0) @binding(2) var<uniform> params: Params;                 // size

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * 256u + lid;
  if (i >= params.total) { return; }
  dst[i] = src[i];
}
