// Figures summed by dimension value and measure, as whole numbers (cents or records).
import type { ControlFigure } from './spec';

export function figureId(dimension: string, value: string, measure: string): string {
  return `${dimension}\u0000${value}\u0000${measure}`;
}

/** Sums of figures by dimension value and measure, as whole numbers. */
export class FigureTotals {
  private readonly figures = new Map<string, ControlFigure>();

  add(dimension: string, value: string, label: string | null, measure: string, quantity: number): void {
    const id = figureId(dimension, value, measure);
    const figure = this.figures.get(id);
    if (figure) {
      figure.quantity += quantity;
      figure.label ??= label;
    } else this.figures.set(id, { dimension, value, label, measure, quantity });
  }

  get(id: string): ControlFigure | undefined {
    return this.figures.get(id);
  }

  ids(): IterableIterator<string> {
    return this.figures.keys();
  }

  all(): ControlFigure[] {
    return [...this.figures.values()];
  }
}
