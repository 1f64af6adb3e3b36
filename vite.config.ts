/// <reference types="vitest/config" />
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// One config for three jobs:
// - `vite` (npm run dev) serves the pages: index.html (the notebook), lab.html (the recommender lab) and bench/index.html;
// - `vite build` (npm run build) bundles the library into dist/ (WGSL inlined from shaders/*.wgsl?raw);
// - `vitest` runs test/ (the browser tier starts its own Vite server on a free port).
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    minify: false,
    lib: {
      entry: {
        index: resolve(import.meta.dirname, 'src/index.ts'),
        'notebook-cli': resolve(import.meta.dirname, 'src/notebook/cli.ts'),
        'lab-cli': resolve(import.meta.dirname, 'src/lab/cli.ts'),
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external: ['webgpu', /^node:/],
    },
  },
  server: {
    // The headless test and bench runners pick their own port.
    strictPort: false,
  },
  // onnxruntime-web (bench page) finds its .wasm next to its own module; pre-bundling would move the module.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Two cores: SwiftShader already uses both for one suite.
    maxWorkers: 2,
  },
});
