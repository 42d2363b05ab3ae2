/**
 * The browser globals that page.evaluate callbacks use, typed for tsconfig.node.json, which has no DOM lib (giving
 * the whole node program one would let DOM use slip into main unnoticed). Inside a callback:
 *   const { document } = globalThis as unknown as PageGlobals
 * Extend these shapes as tests need more; they are checked only here, the browser has the real thing.
 */
export interface PageElement {
  id: string
  src: string
  textContent: string | null
  onload: (() => void) | null
  setAttribute(name: string, value: string): void
  getAttribute(name: string): string | null
  appendChild(child: PageElement): void
}

export interface PageGlobals {
  document: {
    head: PageElement
    body: PageElement
    createElement(tag: string): PageElement
    querySelectorAll(selector: string): Iterable<PageElement>
    addEventListener(type: 'securitypolicyviolation', listener: (e: { effectiveDirective: string }) => void): void
  }
  MutationObserver: new (callback: () => void) => {
    observe(target: PageElement, options: { subtree?: boolean; childList?: boolean; attributes?: boolean }): void
  }
  Audio: new (src: string) => { muted: boolean; currentTime: number; duration: number; play(): Promise<void> }
}

/** Values a test leaves on the page's global object between evaluate calls */
export type PageProbe<T> = PageGlobals & T
