/**
 * Vega-Lite spec → SVG (vega's headless SVG renderer, no browser and no canvas) → PNG (resvg, a Rust SVG
 * rasteriser with the system's fonts). vega and vega-lite are imported on first use, so commands that draw nothing
 * do not pay for loading them.
 */
import type { TopLevelSpec } from 'vega-lite'

/** PNGs are drawn at twice the SVG's size, sharp enough for a paper or a slide */
const PNG_ZOOM = 2

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')])
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}

export async function svgToPng(svg: string): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js')
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: PNG_ZOOM },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' }
  })
  return r.render().asPng()
}
