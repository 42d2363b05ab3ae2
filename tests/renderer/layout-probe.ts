/**
 * A layout probe run in the page (getBoundingClientRect, scroll sizes, computed styles): what does not fit under a
 * root element. Kept as a string so it runs as written in the browser (tsconfig.node.json has no DOM lib).
 * It reports:
 * - `overflow`: a box whose content is wider than the box (scrollWidth > clientWidth): a panel with a horizontal
 *   scrollbar, a cut-off or spilling value ("1.50" shown as "50");
 *   deliberate ellipsis on an element with a title (the full text a hover away) is allowed;
 * - `spill`: a visible element reaching past the right or bottom edge of a parent that does not scroll, or past
 *   the window's right edge;
 * - `overlap`: two controls or blocks (buttons, inputs, tables, headings, canvases…) whose boxes intersect,
 *   neither inside the other.
 */
export interface LayoutProblem {
  kind: 'overflow' | 'spill' | 'overlap'
  what: string
  detail: string
}

export const LAYOUT_PROBE = `((rootSelector) => {
  const root = document.querySelector(rootSelector)
  if (!root) return [{ kind: 'overflow', what: rootSelector, detail: 'not found' }]
  const problems = []
  const name = (el) => {
    const id = el.getAttribute('data-testid')
    const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).slice(0, 2).join('.') : ''
    const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 24)
    return el.tagName.toLowerCase() + (id ? '[' + id + ']' : '') + cls + (text ? ' "' + text + '"' : '')
  }
  const shown = (el) => {
    const r = el.getBoundingClientRect()
    const s = getComputedStyle(el)
    // 1 px boxes are screen-reader text, clipped on purpose
    return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && s.display !== 'none'
  }
  const all = [...root.querySelectorAll('*')].filter(shown)
  const floating = (el) => {
    for (let e = el; e && e !== root; e = e.parentElement) {
      const p = getComputedStyle(e).position
      if (p === 'absolute' || p === 'fixed') return true
    }
    return false
  }
  for (const el of all) {
    if (el instanceof SVGElement) continue
    const s = getComputedStyle(el)
    // a box (not inline text) whose content is wider than it: clipped, scrolled sideways, or spilling out
    if (s.display !== 'inline' && el.scrollWidth > el.clientWidth + 1 && el.tagName !== 'CANVAS') {
      const ellipsis = s.textOverflow === 'ellipsis' && el.hasAttribute('title')
      if (!ellipsis) {
        // the part that sticks out furthest, to say what to fix
        let widest = null
        for (const d of el.querySelectorAll('*')) if (shown(d) && (!widest || d.getBoundingClientRect().right > widest.getBoundingClientRect().right)) widest = d
        const by = widest ? ' (furthest: ' + name(widest) + ')' : ''
        problems.push({ kind: 'overflow', what: name(el), detail: 'content ' + el.scrollWidth + ' px wide in ' + el.clientWidth + ' px' + by })
      }
    }
    const r = el.getBoundingClientRect()
    if (r.right > innerWidth + 1) problems.push({ kind: 'spill', what: name(el), detail: 'right edge ' + Math.round(r.right) + ' > window ' + innerWidth })
    const parent = el.parentElement
    if (parent && parent !== root.parentElement && !floating(el)) {
      const ps = getComputedStyle(parent)
      const pr = parent.getBoundingClientRect()
      if (ps.overflowX === 'visible' && r.right > pr.right + 1) problems.push({ kind: 'spill', what: name(el), detail: 'past the right of ' + name(parent) + ' by ' + Math.round(r.right - pr.right) + ' px' })
      if (ps.overflowX === 'visible' && r.left < pr.left - 1) problems.push({ kind: 'spill', what: name(el), detail: 'past the left of ' + name(parent) + ' by ' + Math.round(pr.left - r.left) + ' px' })
      if (ps.overflowY === 'visible' && ps.display !== 'contents' && r.bottom > pr.bottom + 1 && pr.height > 0) problems.push({ kind: 'spill', what: name(el), detail: 'past the bottom of ' + name(parent) + ' by ' + Math.round(r.bottom - pr.bottom) + ' px' })
    }
  }
  const blocks = all.filter((el) => el.matches('button, input, select, textarea, table, h2, h3, canvas, label, [role=tab], .badge') && !floating(el))
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      const a = blocks[i], b = blocks[j]
      if (a.contains(b) || b.contains(a)) continue
      const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect()
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left)
      const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top)
      if (w > 1 && h > 1) problems.push({ kind: 'overlap', what: name(a), detail: 'overlaps ' + name(b) + ' (' + Math.round(w) + '×' + Math.round(h) + ' px)' })
    }
  }
  return problems
})`
