/* The SEO panel of the article editor.
 *
 * Audits the form as it stands: after the writer pauses, and after each
 * autosave or preview update, the whole form is posted to the panel's live
 * endpoint and the panel's body is replaced with the answer. Findings that
 * point at a block scroll to it; "Apply" posts the form with the finding's
 * fix and writes the blocks and fields it changed back into the form, as an
 * unsaved change with an Undo.
 *
 * Wagtail 8's editor keeps the body's StreamField as a JS object on
 * `#body-root` (`rootBlock`); its children carry their block ids and take new
 * blocks with `insert({type, value, id}, index)`. Wagtail re-renders the
 * panel's HTML after each autosave, so everything here is looked up when used
 * and events are delegated from the document.
 */
(() => {
  const PAUSE_MS = 600;
  const HIGHLIGHT_MS = 2500;

  let timer = null;
  let inFlight = null;
  let lastUndo = null;
  // A refresh must not cancel an Apply in flight: it waits for it.
  let applying = false;

  const panel = () => document.querySelector('[data-seo-panel]');
  const form = () =>
    document.querySelector('form[data-edit-form]') ||
    document.getElementById('page-edit-form');
  const bodyRoot = () => document.getElementById('body-root');

  function setStatus(text, undo) {
    const status = panel()?.querySelector('[data-seo-status]');
    if (!status) return;
    status.textContent = text;
    if (undo) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button button-small button-secondary seo-undo';
      button.textContent = 'Undo';
      button.dataset.seoUndo = '';
      status.append(' ', button);
    }
  }

  async function post(url, extra) {
    // URL-encoded rather than multipart: an article's form has a thousand
    // fields, which Django reads several times faster this way, and the
    // audit needs no uploaded files.
    const data = new URLSearchParams(new FormData(form()));
    Object.entries(extra || {}).forEach(([key, value]) => data.set(key, value));
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    const response = await fetch(url, {
      method: 'POST',
      body: data,
      headers: { Accept: 'application/json' },
      signal: inFlight.signal,
      credentials: 'same-origin',
    });
    const payload = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(payload.error || `The audit failed (${response.status}).`);
    }
    return payload;
  }

  function show(payload) {
    const body = panel()?.querySelector('[data-seo-body]');
    if (body) body.innerHTML = payload.html;
    const counter = document.querySelector(
      '[data-side-panel-toggle="seo"] [data-side-panel-toggle-counter]',
    );
    if (counter) {
      counter.textContent = payload.problems || '';
      counter.hidden = !payload.problems;
    }
    panel()?.setAttribute('data-seo-audited', String(Date.now()));
  }

  async function refresh() {
    const element = panel();
    if (!element || !form()) return;
    if (applying) {
      schedule();
      return;
    }
    setStatus('Auditing…');
    try {
      show(await post(element.dataset.liveUrl));
      setStatus('');
    } catch (error) {
      if (error.name !== 'AbortError') setStatus(error.message);
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, PAUSE_MS);
  }

  // --- finding → block ---------------------------------------------------

  function childById(id) {
    const root = bodyRoot()?.rootBlock;
    if (!root) return [null, -1];
    const index = root.children.findIndex((child) => child.id === id);
    return [root, index];
  }

  function goTo(id) {
    const [root, index] = childById(id);
    const child = index >= 0 ? root.children[index] : null;
    if (child && child.collapsed && typeof child.expand === 'function') {
      child.expand();
    }
    // A block replaced by a fix stays in the form, hidden and marked deleted,
    // under the same id: only a shown one will do.
    const element =
      child?.element ||
      [...document.querySelectorAll(`#body-root [data-contentpath="${CSS.escape(id)}"]`)].find(
        (found) => !found.closest('[aria-hidden="true"]'),
      );
    if (!element) {
      setStatus('That block is no longer in the article.');
      return;
    }
    const toggle = element.querySelector('[data-panel-toggle][aria-expanded="false"]');
    if (toggle) toggle.click();
    element.scrollIntoView({ behavior: 'smooth', block: 'center' });
    element.classList.add('seo-highlight');
    setTimeout(() => element.classList.remove('seo-highlight'), HIGHLIGHT_MS);
  }

  function goToField(name) {
    const input = form()?.querySelector(`[name="${CSS.escape(name)}"]`);
    const wrapper = input?.closest('[data-field-wrapper], .w-field__wrapper') || input;
    if (!wrapper) return;
    // Fields on another tab (Promote) need their tab shown first.
    const tab = wrapper.closest('[role="tabpanel"]');
    if (tab && tab.hidden) {
      document.querySelector(`[role="tab"][aria-controls="${tab.id}"]`)?.click();
    }
    wrapper.scrollIntoView({ behavior: 'smooth', block: 'center' });
    wrapper.classList.add('seo-highlight');
    setTimeout(() => wrapper.classList.remove('seo-highlight'), HIGHLIGHT_MS);
  }

  // --- applying a fix -------------------------------------------------------

  function setBlock(block) {
    const root = bodyRoot()?.rootBlock;
    if (!root) throw new Error('The body editor is not ready.');
    const [, index] = childById(block.id);
    if (index >= 0) root.deleteBlock(index);
    if (block.state === null) return; // undoing an added block
    const at = index >= 0 ? index : Math.min(block.index, root.children.length);
    root.insert({ type: block.type, value: block.state, id: block.id }, at, {
      animate: false,
    });
  }

  function setField(name, value) {
    const input = form()?.querySelector(`[name="${CSS.escape(name)}"]`);
    if (!input) return;
    if (name === 'hashtags' && window.jQuery && window.jQuery(input).data('uiTagit')) {
      const tags = window.jQuery(input);
      tags.tagit('removeAll');
      value.forEach((tag) => tags.tagit('createTag', tag));
    } else {
      input.value = Array.isArray(value) ? value.join(', ') : value;
    }
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }

  function write(changes) {
    changes.blocks.forEach(setBlock);
    Object.entries(changes.fields).forEach(([name, value]) => setField(name, value));
    // Wagtail's unsaved-changes warning and autosave both listen for edits.
    form().dispatchEvent(new Event('change', { bubbles: true }));
  }

  async function applyFix(button) {
    const element = panel();
    button.disabled = true;
    clearTimeout(timer);
    applying = true;
    setStatus('Applying…');
    try {
      const payload = await post(element.dataset.fixUrl, { fix: button.dataset.seoFix });
      write(payload.changes);
      lastUndo = payload.undo;
      show(payload);
      setStatus(`Applied: ${button.textContent.trim()}. Not saved yet.`, true);
    } catch (error) {
      button.disabled = false;
      if (error.name !== 'AbortError') setStatus(error.message);
    } finally {
      applying = false;
    }
  }

  function undo() {
    if (!lastUndo) return;
    write(lastUndo);
    lastUndo = null;
    setStatus('Undone.');
    refresh();
  }

  // --- hashtags: the CamelCase form as the writer types ---------------------

  let hashtagTimer = null;

  function suggestHashtag(input) {
    clearTimeout(hashtagTimer);
    hashtagTimer = setTimeout(async () => {
      const url = panel()?.dataset.hashtagUrl;
      const field = input.closest('[data-field-wrapper], .w-field__wrapper');
      if (!url || !field) return;
      let hint = field.querySelector('[data-seo-hashtag-hint]');
      if (!hint) {
        hint = document.createElement('p');
        hint.className = 'seo-hashtag-hint';
        hint.dataset.seoHashtagHint = '';
        hint.setAttribute('aria-live', 'polite');
        field.append(hint);
      }
      const typed = input.value.trim();
      if (!typed) {
        hint.textContent = '';
        return;
      }
      const response = await fetch(`${url}?q=${encodeURIComponent(typed)}`, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      });
      const { suggestion } = await response.json();
      hint.textContent = '';
      if (suggestion && suggestion !== typed.replace(/^#/, '')) {
        const use = document.createElement('button');
        use.type = 'button';
        use.className = 'button button-small button-secondary';
        use.textContent = `#${suggestion}`;
        use.addEventListener('click', () => {
          input.value = suggestion;
          input.focus();
          hint.textContent = '';
        });
        hint.append('Suggested: ', use);
      }
    }, 250);
  }

  // --- wiring -------------------------------------------------------------------

  document.addEventListener('click', (event) => {
    const target = event.target.closest(
      '[data-seo-goto], [data-seo-goto-field], [data-seo-fix], [data-seo-undo]',
    );
    if (!target || !target.closest('[data-seo-panel]')) return;
    event.preventDefault();
    if ('seoGoto' in target.dataset) goTo(target.dataset.seoGoto);
    else if ('seoGotoField' in target.dataset) goToField(target.dataset.seoGotoField);
    else if ('seoFix' in target.dataset) applyFix(target);
    else undo();
  });

  document.addEventListener('input', (event) => {
    if (!form()?.contains(event.target)) return;
    const hashtags = event.target.closest('[data-field-wrapper], .w-field__wrapper');
    if (hashtags?.querySelector('[name="hashtags"]') && event.target.name !== 'hashtags') {
      suggestHashtag(event.target);
    }
    schedule();
  });
  document.addEventListener('change', (event) => {
    if (form()?.contains(event.target)) schedule();
  });
  // Draftail edits and StreamField moves don't always fire input events on
  // the form; Wagtail's own edit tracking does, as w-unsaved:add.
  ['w-unsaved:add', 'w-autosave:success', 'w-preview:loaded', 'w-preview:updated'].forEach((name) =>
    document.addEventListener(name, schedule),
  );
})();
