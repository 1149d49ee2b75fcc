/** A 2d canvas ready to draw on at the screen's pixel ratio, with its size in CSS pixels. */
export interface ChartCanvas {
  /** The canvas itself (weapp: the node `canvasToTempFilePath` takes). */
  node: unknown;
  context: CanvasRenderingContext2D;
  width: number;
  height: number;
  pixelRatio: number;
  /** A canvas for measuring text off screen, where the platform has no `document` (weapp). */
  offscreenCanvas?: unknown;
  /** The frame clock of the canvas itself, where the platform has no global one (weapp's canvas node). */
  requestAnimationFrame?: (fn: () => void) => number;
  cancelAnimationFrame?: (id: number) => void;
}

/** h5: Taro's <Canvas id> is a host element around the <canvas> itself. */
export async function chartCanvas(id: string): Promise<ChartCanvas | null> {
  const host = document.getElementById(id);
  const canvas = host instanceof HTMLCanvasElement ? host : host?.querySelector('canvas');
  if (!canvas) return null;
  const { width, height } = canvas.getBoundingClientRect();
  if (!width || !height) return null;
  const pixelRatio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * pixelRatio);
  canvas.height = Math.round(height * pixelRatio);
  const context = canvas.getContext('2d');
  return context ? { node: canvas, context, width, height, pixelRatio } : null;
}
