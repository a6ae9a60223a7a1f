/** The few DOM helpers the panels share: find elements, fill tables, run an action with its error shown in place. */
import { errorText } from "./error-text.js";

/** The element with `id`, of the expected kind; throws when the page lacks it. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
}

/** Sets an element's text (never HTML: values from the TPM are shown as text). */
export function setText(id: string, text: string): void {
  byId(id).textContent = text;
}

/** Replaces a table body's rows; each row is a list of cell texts. */
export function fillTable(bodyId: string, rows: readonly (readonly string[])[]): void {
  const body = byId<HTMLTableSectionElement>(bodyId);
  body.replaceChildren(
    ...rows.map((cells) => {
      const tr = document.createElement("tr");
      for (const c of cells) {
        const td = document.createElement("td");
        td.textContent = c;
        tr.append(td);
      }
      return tr;
    }),
  );
}

/** Replaces a list's items. */
export function fillList(listId: string, items: readonly string[]): void {
  byId(listId).replaceChildren(
    ...items.map((t) => {
      const li = document.createElement("li");
      li.textContent = t;
      return li;
    }),
  );
}

/**
 * Runs one panel action: marks the panel busy, clears its error line, and on
 * failure writes the error's text (TpmError: command and response code) to the
 * panel's `<p id="<panel>-error" role="alert">`. Resolves false on failure.
 */
export async function runAction(panel: string, action: () => Promise<void>): Promise<boolean> {
  const section = byId(panel);
  const errorLine = byId(`${panel}-error`);
  errorLine.textContent = "";
  section.setAttribute("aria-busy", "true");
  try {
    await action();
    return true;
  } catch (e) {
    errorLine.textContent = errorText(e);
    return false;
  } finally {
    section.setAttribute("aria-busy", "false");
    section.dataset.runs = String(Number(section.dataset.runs ?? "0") + 1);
  }
}

/** Wires a button to a panel action; the button is disabled while the action runs. */
export function onClick(buttonId: string, panel: string, action: () => Promise<void>): void {
  const button = byId<HTMLButtonElement>(buttonId);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await runAction(panel, action);
    } finally {
      button.disabled = false;
    }
  });
}

/** Wires a form's submit (Enter in a field, or its button) to a panel action. */
export function onSubmit(formId: string, panel: string, action: (form: HTMLFormElement) => Promise<void>): void {
  const form = byId<HTMLFormElement>(formId);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const buttons = [...form.querySelectorAll("button")];
    for (const b of buttons) b.disabled = true;
    try {
      await runAction(panel, () => action(form));
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  });
}

/** A form field's value by its name. */
export function field(form: HTMLFormElement, name: string): string {
  const el = form.elements.namedItem(name) as HTMLInputElement | null;
  if (!el) throw new Error(`the form has no field ${name}`);
  return el.value;
}
