import { adapterInfo, gather, getDevice, matMul, oneHot, tensor } from '../index.js';

await getDevice();
console.log(`adapter: ${adapterInfo().description}`);
const t = tensor([...Array(40).keys()], [10, 4]);
console.log(await t.array());
console.log(await gather(t, [3]).array());
console.log(await matMul(oneHot([3], 10), t).array());
