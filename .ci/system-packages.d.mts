/** Types of system-packages.mjs (plain JavaScript, so that it runs before `npm ci`). */
export interface System {
  linux: boolean;
  vulkanLoader: boolean;
  gpu: boolean;
  swiftShader: boolean;
  browser: boolean;
  apt: boolean;
  distro: 'debian' | 'ubuntu' | 'other';
  root: boolean;
}
export function inspect(): System;
export function missingPackages(purpose: 'start' | 'test', system: System): string[];
export function plan(missing: readonly string[], system: Pick<System, 'apt' | 'distro' | 'root'>): { run: string[] } | { tell: string } | null;
