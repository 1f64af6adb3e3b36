// Copies a block of columns between two row-major matrices: row o, column c
// of the block goes from src[o * srcStride + srcOffset + c] to
// dst[o * dstStride + dstOffset + c]. Concatenating along an axis writes each
// input as such a block of the output (one dispatch per input); its gradient
// reads each input's block back out of the output gradient. Elements move as
// raw 32-bit words, so float32 and int32 alike.

struct Params {
  total: u32,     // elements copied = rows * cols
  cols: u32,      // block width
  srcStride: u32, // src row length
  srcOffset: u32, // first src column of the block
  dstStride: u32, // dst row length
  dstOffset: u32, // first dst column of the block
}

@group(0) @binding(0) var<storage, read> src: array<u32>;        // [rows, srcStride]
@group(0) @binding(1) var<storage, read_write> dst: array<u32>;  // [rows, dstStride]
@group(0) @binding(2) var<uniform> params: Params;               // shapes and offsets

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let o = i / params.cols;
  let c = i - o * params.cols;
  dst[o * params.dstStride + params.dstOffset + c] = src[o * params.srcStride + params.srcOffset + c];
}
