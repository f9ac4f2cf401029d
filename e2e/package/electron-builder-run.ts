// Child process of the package test: electron-builder's own API packs the unpacked Linux app
// (`--linux dir`) from the project's electron-builder.yml, with on top only what the Electron
// distribution in use needs.
// Usage: electron-builder-run.ts <projectDir> <outDir> <electronDist> [<stand-in version>]
import { build, Platform } from 'electron-builder';

const [projectDir, outDir, electronDist, standInVersion] = process.argv.slice(2);
if (!projectDir || !outDir || !electronDist) {
  throw new Error('usage: electron-builder-run.ts <projectDir> <outDir> <electronDist> [version]');
}

await build({
  projectDir,
  targets: Platform.LINUX.createTarget('dir'),
  publish: 'never',
  config: {
    directories: { output: outDir },
    electronDist,
    // A stand-in cannot tell its version, and its fuses cannot be flipped: it is not Electron.
    ...(standInVersion ? { electronVersion: standInVersion, electronFuses: null } : {}),
  },
});
