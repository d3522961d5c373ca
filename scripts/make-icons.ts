/** Renders public/icon/*.png from the SVG below with Chromium (run: node --import tsx scripts/make-icons.ts). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128">
  <rect x="4" y="4" width="120" height="120" rx="26" fill="#B31B1B"/>
  <text x="64" y="92" text-anchor="middle" font-family="DejaVu Serif, Noto Serif, serif" font-size="92" font-weight="bold" fill="#fff">χ</text>
  <circle cx="100" cy="30" r="11" fill="#FFD54F"/>
</svg>`;
mkdirSync('public/icon', { recursive: true });
writeFileSync('public/icon/icon.svg', svg);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
for (const size of [16, 32, 48, 96, 128]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}`);
  await page.screenshot({ path: `public/icon/${size}.png`, omitBackground: true });
}
await browser.close();
