/**
 * Charts and covers as PNG, rendered on the server from the SVG templates/reports/charts.ts builds (resvg, with the
 * system's fonts so Chinese labels use 'WenQuanYi Micro Hei'). The same SVG always gives the same bytes.
 */
import { Resvg } from '@resvg/resvg-js';

export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'WenQuanYi Micro Hei' },
    background: '#ffffff',
  });
  return Buffer.from(resvg.render().asPng());
}
