// add: out = a + b, element by element (float32, same shape). Each
// invocation adds up to four consecutive elements: fewer invocations, which
// is what costs on software adapters, and any length (no vec4 alignment).

struct Params {
  total: u32, // elements
}

@group(0) @binding(0) var<storage, read> a: array<f32>;           // [total]
@group(0) @binding(1) var<storage, read> b: array<f32>;           // [total]
@group(0) @binding(2) var<storage, read_write> out: array<f32>;   // [total]
@group(0) @binding(3) var<uniform> params: Params;                // sizes

override WG: u32 = 256;
override PER: u32 = 4;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let first = ((wid.x + wid.y * nwg.x) * WG + lid) * PER;
  for (var e = 0u; e < PER; e++) {
    let i = first + e;
    if (i >= params.total) { return; }
    out[i] = a[i] + b[i];
  }
}
