/*
 * The diff page's two diagrams (templates/admin/diff.html): each .bpmn-diff element is a
 * navigated viewer of its version; data-added / data-removed / data-changed list BPMN ids that
 * get the markers diff-added / diff-removed / diff-changed. Sets data-rendered="1" when done.
 * Moving or zooming one diagram moves the other, so the same place is compared.
 */
(function () {
  'use strict';

  var viewers = [];
  var syncing = false;

  function ids(value) {
    return (value || '').split(',').filter(function (s) { return s; });
  }

  function mark(viewer, list, marker) {
    var registry = viewer.get('elementRegistry');
    var canvas = viewer.get('canvas');
    list.forEach(function (id) {
      if (registry.get(id)) {
        canvas.addMarker(id, marker);
      }
    });
  }

  function follow(source) {
    source.on('canvas.viewbox.changed', function (event) {
      if (syncing) {
        return;
      }
      syncing = true;
      viewers.forEach(function (other) {
        if (other !== source) {
          other.get('canvas').viewbox(event.viewbox);
        }
      });
      syncing = false;
    });
  }

  async function render(el) {
    try {
      var viewer = new window.BpmnJS({ container: el });
      var response = await fetch(el.dataset.bpmnUrl, { credentials: 'same-origin' });
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      await viewer.importXML(await response.text());
      viewer.get('canvas').zoom('fit-viewport');
      mark(viewer, ids(el.dataset.added), 'diff-added');
      mark(viewer, ids(el.dataset.removed), 'diff-removed');
      mark(viewer, ids(el.dataset.changed), 'diff-changed');
      viewers.push(viewer);
      follow(viewer);
    } catch (err) {
      var p = document.createElement('p');
      p.className = 'diagram-error';
      p.textContent = (err && err.message) || String(err);
      el.appendChild(p);
      el.dataset.renderError = '1';
    }
    el.dataset.rendered = '1';
  }

  document.querySelectorAll('.bpmn-diff').forEach(render);
})();
