/*
 * The administrators' modeler page (templates/admin/modeler.html).
 *
 * Opens the version's BPMN in the bundled modeler (window.SmeModeler, from
 * /static/vendor/modeler/modeler.bundle.js, built by frontend/build.sh), and publishes the
 * edited XML as a new version:
 *
 *   POST data-publish-url  {"bpmn": "<xml>", "comment": "..."}   header X-CSRFToken
 *     201 {id, key, version, url}             -> go to the new version's page
 *     4xx {error, errors: [{element, line, message}]}
 *                                             -> list the problems, mark each element that is
 *                                                on the canvas with the class invalid-element
 *
 *   POST data-draft-url  {"bpmn", "base": data-base-id, "revision": data-draft-revision or null}
 *     200 {revision, saved_at}                -> the page now holds that draft revision
 *     409 {error}                             -> someone saved or published meanwhile: shown
 *
 * Each .dmn-table (data-dmn-url) is the version's decision table in a dmn-js decision-table
 * editor (window.DmnJS, /static/vendor/dmn-js). Once one has changed, publishing and saving a
 * draft send every table as "dmns": [xml, ...] (unchanged ones as loaded), so the diagram and
 * its tables become one version.
 *
 * #modeler-page gets data-ready="1" once the diagram is shown (data-ready="error" if it
 * cannot be), and data-dirty="1" while there are unpublished changes.
 * window.SmeModelerPage = { modeler, publish(), focus(id) } is there for tests and the console.
 */
(function () {
  'use strict';

  var INVALID = 'invalid-element';
  var root = document.getElementById('modeler-page');
  if (!root) {
    return;
  }
  var messages = JSON.parse(document.getElementById('modeler-messages').textContent);
  var form = document.getElementById('modeler-form');
  var comment = document.getElementById('modeler-comment');
  var button = document.getElementById('modeler-publish');
  var status = document.getElementById('modeler-status');
  var problemsBox = document.getElementById('modeler-problems');
  var problemsError = document.getElementById('modeler-error');
  var problemsList = document.getElementById('modeler-problem-list');
  var draftButton = document.getElementById('modeler-save-draft');

  var modeler = null;
  var tables = [];  // {el, modeler, original, dirty}
  var marked = [];
  var leaving = false;

  function fill(template, values) {
    return template.replace(/{(\w+)}/g, function (match, key) {
      return key in values ? values[key] : match;
    });
  }

  function setStatus(text) {
    status.textContent = text || '';
  }

  // -- problems ----------------------------------------------------------------------------------

  function clearProblems() {
    if (modeler) {
      var canvas = modeler.get('canvas');
      var registry = modeler.get('elementRegistry');
      marked.forEach(function (id) {
        if (registry.get(id)) {
          canvas.removeMarker(id, INVALID);
        }
      });
    }
    marked = [];
    problemsBox.classList.remove('stale');
    problemsList.textContent = '';
    problemsError.textContent = '';
    problemsBox.hidden = true;
  }

  function focus(id) {
    var registry = modeler.get('elementRegistry');
    var element = registry.get(id);
    if (!element) {
      return false;
    }
    var canvas = modeler.get('canvas');
    if (canvas.zoom() < 0.75) {
      canvas.zoom(1);
    }
    if (element !== canvas.getRootElement()) {
      canvas.scrollToElement(element, { top: 120, bottom: 120, left: 160, right: 160 });
    }
    modeler.get('selection').select(element);
    return true;
  }

  function nameOf(id) {
    var element = modeler.get('elementRegistry').get(id);
    var name = element && element.businessObject && element.businessObject.name;
    return name ? String(name).replace(/\s+/g, ' ') : '';
  }

  function problemItem(problem, onCanvas) {
    var li = document.createElement('li');
    li.className = 'modeler-problem';
    if (problem.element) {
      li.dataset.element = problem.element;
      var name = document.createElement(onCanvas ? 'button' : 'strong');
      name.className = onCanvas ? 'link element-link' : 'element-name';
      name.textContent = problem.element;
      if (onCanvas) {
        name.type = 'button';
        name.title = messages.showOnCanvas;
        name.addEventListener('click', function () {
          focus(problem.element);
        });
      } else {
        name.title = messages.notOnCanvas;
      }
      li.appendChild(name);
      var label = onCanvas ? nameOf(problem.element) : '';
      li.appendChild(document.createTextNode(label ? '（' + label + '） ' : ' '));
    }
    if (problem.line) {
      var line = document.createElement('span');
      line.className = 'line';
      line.textContent = '(' + fill(messages.line, { n: problem.line }) + ') ';
      li.appendChild(line);
    }
    li.appendChild(document.createTextNode(problem.message || ''));
    if (onCanvas) {
      li.classList.add('on-canvas');
      li.addEventListener('click', function (event) {
        if (event.target === li) {
          focus(problem.element);
        }
      });
    }
    return li;
  }

  function showProblems(error, problems) {
    clearProblems();
    var canvas = modeler.get('canvas');
    var registry = modeler.get('elementRegistry');
    problemsError.textContent = error || '';
    (problems || []).forEach(function (problem) {
      // Elements are named by BPMN id; DMN rows, lanes by name and the like are not on the canvas.
      var onCanvas = Boolean(problem.element && registry.get(problem.element));
      if (onCanvas && marked.indexOf(problem.element) < 0) {
        canvas.addMarker(problem.element, INVALID);
        marked.push(problem.element);
      }
      problemsList.appendChild(problemItem(problem, onCanvas));
    });
    problemsBox.hidden = false;
  }

  // -- publishing --------------------------------------------------------------------------------

  async function postJson(url, payload) {
    var response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        'Accept': 'application/json',
        'X-CSRFToken': root.dataset.csrfToken
      },
      body: JSON.stringify(payload)
    });
    var body = null;
    try {
      body = await response.json();
    } catch {
      // a proxy's or the CSRF handler's HTML page: report the status alone
    }
    return { response: response, body: body };
  }

  // -- decision tables -----------------------------------------------------------------------

  async function openTable(el) {
    var table = { el: el, modeler: null, original: '', dirty: false };
    var response = await fetch(el.dataset.dmnUrl, { credentials: 'same-origin' });
    if (!response.ok) {
      throw new Error('HTTP ' + response.status);
    }
    table.original = await response.text();
    table.modeler = new window.DmnJS({ container: el });
    await table.modeler.importXML(table.original);
    var view = table.modeler.getViews().filter(function (v) { return v.type === 'decisionTable'; })[0];
    if (view) {
      await table.modeler.open(view);
    }
    table.modeler.getActiveViewer().on('elements.changed', function () {
      table.dirty = true;
      el.dataset.dirty = '1';
      root.dataset.dirty = '1';
      setStatus(messages.unsaved);
    });
    el.dataset.ready = '1';
    return table;
  }

  async function loadTables() {
    var elements = Array.prototype.slice.call(document.querySelectorAll('.dmn-table'));
    if (!elements.length || typeof window.DmnJS !== 'function') {
      return;
    }
    for (var i = 0; i < elements.length; i++) {
      try {
        tables.push(await openTable(elements[i]));
      } catch (err) {
        elements[i].textContent = messages.loadFailed + ' ' + ((err && err.message) || String(err));
        elements[i].dataset.ready = 'error';
      }
    }
  }

  // The tables to send, or null when none changed (the server keeps the version's own).
  async function tablesToSend() {
    if (!tables.some(function (t) { return t.dirty; })) {
      return null;
    }
    var texts = [];
    for (var i = 0; i < tables.length; i++) {
      texts.push(tables[i].dirty ? (await tables[i].modeler.saveXML({ format: true })).xml : tables[i].original);
    }
    return texts;
  }

  async function saveDraft() {
    if (!modeler || draftButton.disabled) {
      return;
    }
    draftButton.disabled = true;
    setStatus(messages.savingDraft);
    try {
      var saved = await modeler.saveXML({ format: true });
      var revision = root.dataset.draftRevision ? parseInt(root.dataset.draftRevision, 10) : null;
      var answer = await postJson(root.dataset.draftUrl, {
        bpmn: saved.xml, base: parseInt(root.dataset.baseId, 10), revision: revision, dmns: await tablesToSend()
      });
      if (answer.response.ok && answer.body) {
        root.dataset.draftRevision = String(answer.body.revision);
        root.dataset.dirty = '0';
        root.dataset.draftSaved = String(answer.body.revision);
        setStatus(messages.draftSaved);
      } else {
        showProblems(answer.body && answer.body.error ? answer.body.error
          : fill(messages.draftFailed, { status: answer.response.status }), []);
        setStatus('');
      }
    } catch {
      showProblems(messages.unreachable, []);
      setStatus('');
    } finally {
      draftButton.disabled = false;
    }
  }

  async function publish() {
    if (!modeler || button.disabled) {
      return;
    }
    if (!comment.value.trim()) {
      showProblems(messages.commentRequired, []);
      comment.focus();
      return;
    }
    button.disabled = true;
    setStatus(messages.publishing);
    try {
      var saved = await modeler.saveXML({ format: true });
      var answer = await postJson(root.dataset.publishUrl, {
        bpmn: saved.xml, comment: comment.value, dmns: await tablesToSend()
      });
      var response = answer.response;
      var body = answer.body;
      if (response.status === 201 && body && body.url) {
        leaving = true;
        setStatus('');
        window.location.assign(body.url);
        return;
      }
      showProblems(body && body.error ? body.error : fill(messages.failed, { status: response.status }),
        body && Array.isArray(body.errors) ? body.errors : []);
      setStatus(root.dataset.dirty === '1' ? messages.unsaved : '');
    } catch (err) {
      if (window.console) {
        console.warn('modeler.js: publishing failed', err);
      }
      showProblems(messages.unreachable, []);
      setStatus('');
    } finally {
      if (!leaving) {
        button.disabled = false;
      }
    }
  }

  // Lanes are picked from the department registry; without the list the panel still works.
  async function laneDepartments() {
    try {
      var response = await fetch(root.dataset.departmentsUrl, { credentials: 'same-origin' });
      if (!response.ok) {
        return null;
      }
      var body = await response.json();
      return {
        departments: body.departments,
        labels: { group: messages.laneGroup, label: messages.laneLabel, none: messages.laneNone }
      };
    } catch {
      return null;
    }
  }

  // -- start -------------------------------------------------------------------------------------

  async function load() {
    setStatus(messages.loading);
    try {
      if (!window.SmeModeler || typeof window.SmeModeler.open !== 'function') {
        throw new Error(messages.libraryMissing);
      }
      var response = await fetch(root.dataset.bpmnUrl, {
        credentials: 'same-origin',
        headers: { 'Accept': 'application/xml, text/xml, */*' }
      });
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      var xml = await response.text();
      var opened = await window.SmeModeler.open(
        document.getElementById('modeler-canvas'),
        document.getElementById('modeler-panel'),
        xml,
        { laneDepartments: await laneDepartments() }
      );
      modeler = opened.modeler;
      // Open with the whole diagram in view, clear of the palette on the left.
      modeler.get('canvas').zoom('fit-viewport', 'auto');
      if (opened.warnings.length && window.console) {
        console.warn('modeler.js: import warnings', opened.warnings);
      }
      modeler.on('commandStack.changed', function () {
        var dirty = modeler.get('commandStack').canUndo();
        root.dataset.dirty = dirty ? '1' : '0';
        setStatus(dirty ? messages.unsaved : '');
        // The list is the answer to the last attempt: after a change it may be out of date.
        if (!problemsBox.hidden) {
          problemsBox.classList.add('stale');
        }
      });
      await loadTables();
      button.disabled = false;
      draftButton.disabled = false;
      setStatus('');
      root.dataset.ready = '1';
    } catch (err) {
      problemsError.textContent = messages.loadFailed + ' ' + ((err && err.message) || String(err));
      problemsBox.hidden = false;
      setStatus('');
      root.dataset.ready = 'error';
    }
  }

  function zoom(how) {
    if (!modeler) {
      return;
    }
    var canvas = modeler.get('canvas');
    if (how === 'fit') {
      canvas.zoom('fit-viewport', 'auto');
    } else {
      modeler.get('zoomScroll').stepZoom(how === 'in' ? 1 : -1);
    }
  }

  Array.prototype.forEach.call(root.querySelectorAll('[data-zoom]'), function (zoomButton) {
    zoomButton.addEventListener('click', function () {
      zoom(zoomButton.dataset.zoom);
    });
  });

  draftButton.addEventListener('click', saveDraft);

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    publish();
  });

  window.addEventListener('beforeunload', function (event) {
    if (!leaving && root.dataset.dirty === '1') {
      event.preventDefault();
      event.returnValue = '';
    }
  });

  window.SmeModelerPage = {
    get modeler() {
      return modeler;
    },
    get tables() {
      return tables;
    },
    publish: publish,
    saveDraft: saveDraft,
    focus: focus
  };

  load();
})();
