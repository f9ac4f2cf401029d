// Child process of the package test: electron-builder's own API packs the unpacked Linux app
// (`--linux dir`) from the project's electron-builder.yml, with on top only what the Electron
// distribution in use needs.
// Usage: electron-builder-run.ts <projectDir> <outDir> <electronDist> <electronVersion> stand-in|real
import { build, Platform } from 'electron-builder';

const [projectDir, outDir, electronDist, electronVersion, kind] = process.argv.slice(2);
if (!projectDir || !outDir || !electronDist || !electronVersion || !kind) {
  throw new Error('usage: <projectDir> <outDir> <electronDist> <electronVersion> stand-in|real');
}

await build({
  projectDir,
  targets: Platform.LINUX.createTarget('dir'),
  publish: 'never',
  config: {
    directories: { output: outDir },
    electronDist,
    // Named, since a staged project has no node_modules/electron to read it from.
    electronVersion,
    // A stand-in's fuses cannot be flipped: it is not Electron.
    ...(kind === 'stand-in' ? { electronFuses: null } : {}),
  },
});
