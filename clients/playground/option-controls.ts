/**
 * The option controls of an operation, generated from the catalogue's `option_details`: a slider
 * and a number box per option, bounded by its minimum and maximum and starting at its default.
 * Values survive switching operations.
 */
import type { OptionDetail } from './api-types.js';
import { createElement } from './create-element.js';

export interface OptionControls {
  /** Shows the controls of these options (none hides the fieldset). */
  show(details: readonly OptionDetail[]): void;
  /** The values of the options shown. */
  values(): Record<string, number>;
}

const clamp = (value: number, detail: OptionDetail) =>
  Math.min(detail.maximum, Math.max(detail.minimum, Math.round(value)));

function toLabel(name: string): string {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function createOptionControls(fieldset: HTMLFieldSetElement, container: HTMLElement): OptionControls {
  const remembered = new Map<string, number>();
  let shown: readonly OptionDetail[] = [];

  const controlFor = (detail: OptionDetail) => {
    const id = `option-${detail.name}`;
    const value = String(remembered.get(detail.name) ?? detail.default);
    const bounds = { min: String(detail.minimum), max: String(detail.maximum), step: '1', value };
    const range = createElement('input', {
      attributes: { ...bounds, id, type: 'range', name: detail.name, 'aria-describedby': `${id}-hint` },
    });
    const number = createElement('input', {
      attributes: { ...bounds, type: 'number', inputmode: 'numeric', 'aria-label': `${toLabel(detail.name)} (number)` },
    });
    const sync = (source: HTMLInputElement, target: HTMLInputElement) => {
      const parsed = Number(source.value);
      if (!Number.isFinite(parsed)) return;
      const next = clamp(parsed, detail);
      remembered.set(detail.name, next);
      target.value = String(next);
    };
    range.addEventListener('input', () => sync(range, number));
    number.addEventListener('change', () => {
      sync(number, range);
      number.value = range.value;
    });
    const hint = `${detail.description.replace(/\.$/, '')} (${detail.minimum}–${detail.maximum}, default ${detail.default}).`;
    return createElement('div', { className: 'option' }, [
      createElement('label', { text: toLabel(detail.name), attributes: { for: id } }),
      range,
      number,
      createElement('p', { className: 'hint', text: hint, attributes: { id: `${id}-hint` } }),
    ]);
  };

  return {
    show(details) {
      shown = details;
      container.replaceChildren(...details.map(controlFor));
      fieldset.hidden = details.length === 0;
    },
    values() {
      return Object.fromEntries(shown.map((detail) => [detail.name, remembered.get(detail.name) ?? detail.default]));
    },
  };
}
