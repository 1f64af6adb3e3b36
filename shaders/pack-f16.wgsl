// Packs a float32 array into float16 halves, two per u32 (element e in word
// e / 2, the even element in the low half), the layout gather-f16.wgsl
// reads. One invocation per output word; an odd count pads the last half with 0.

struct Params {
  words: u32, // output words = ceil(count / 2)
  count: u32, // input elements
}

@group(0) @binding(0) var<storage, read> values: array<f32>;      // [count]
@group(0) @binding(1) var<storage, read_write> packed: array<u32>; // [words]
@group(0) @binding(2) var<uniform> params: Params;                // sizes

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let w = (wid.x + wid.y * nwg.x) * WG + lid;
  if (w >= params.words) { return; }
  let e = 2u * w;
  var high = 0.0;
  if (e + 1u < params.count) { high = values[e + 1u]; }
  packed[w] = pack2x16float(vec2f(values[e], high));
}
