import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// The browser tests drive Debian's Chromium; they are never skipped, so a machine without it gets it here
// (as root) or is told exactly how, before any test runs. The CJK fonts make the screenshots readable.
const CHROMIUM = process.env.HUYING_CHROMIUM ?? '/usr/bin/chromium';
const CJK_FONTS = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

const missing = [
  ...(existsSync(CHROMIUM) ? [] : ['chromium']),
  ...(existsSync(CJK_FONTS) || process.env.HUYING_CHROMIUM ? [] : ['fonts-noto-cjk']),
];

if (missing.length > 0) {
  if (process.getuid?.() !== 0) {
    console.error(
      `The browser tests need Debian's ${missing.join(' and ')}. Install as root with:\n` +
        `  apt-get update && apt-get install -y ${missing.join(' ')}\n` +
        'or point HUYING_CHROMIUM at a Chromium or Chrome binary.',
    );
    process.exit(1);
  }
  console.log(`Installing Debian's ${missing.join(' and ')} for the browser tests…`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!existsSync(CHROMIUM)) {
    console.error(`apt-get installed chromium, but ${CHROMIUM} is still missing.`);
    process.exit(1);
  }
}
