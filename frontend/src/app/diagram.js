/*
 * BPMN diagram viewer: renders every element carrying data-bpmn-url.
 *
 *   <div class="bpmn-diagram"
 *        data-bpmn-url="/processes/sme_grant.bpmn"
 *        data-active="Task_Review"          (comma-separated ids, may be empty)
 *        data-done="StartEvent_1,Task_Submit"
 *        data-error="Task_Script"></div>         (optional: where the engine failed)
 *
 * Needs the bpmn-js navigated viewer (UMD global `BpmnJS`) loaded first, from
 * /static/vendor/bpmn-js/ (built by frontend/build.sh; never from a CDN).
 * Sets data-rendered="1" on the element once finished, success or error; on
 * error the element holds <p class="diagram-error">message</p> and also gets
 * data-render-error="1".
 */
(function () {
  'use strict';

  function splitIds(value) {
    if (!value) {
      return [];
    }
    return value.split(',').map(function (s) {
      return s.trim();
    }).filter(function (s) {
      return s.length > 0;
    });
  }

  function addMarkers(viewer, ids, marker) {
    var canvas = viewer.get('canvas');
    var registry = viewer.get('elementRegistry');
    ids.forEach(function (id) {
      // canvas.addMarker throws on unknown ids; a stale id must not break the view.
      if (registry.get(id)) {
        canvas.addMarker(id, marker);
      } else if (window.console && console.warn) {
        console.warn('diagram.js: no element with id "' + id + '" for marker ' + marker);
      }
    });
  }

  function showError(el, err) {
    var p = document.createElement('p');
    p.className = 'diagram-error';
    p.textContent = (err && err.message) ? err.message : String(err);
    while (el.firstChild) {
      el.removeChild(el.firstChild);
    }
    el.appendChild(p);
    el.dataset.renderError = '1';
  }

  async function renderDiagram(el) {
    if (el.dataset.rendered === '1' || el.dataset.rendering === '1') {
      return;
    }
    el.dataset.rendering = '1';
    var viewer = null;
    try {
      if (typeof window.BpmnJS !== 'function') {
        throw new Error('BPMN viewer library failed to load');
      }
      viewer = new window.BpmnJS({ container: el });
      var response = await fetch(el.dataset.bpmnUrl, {
        credentials: 'same-origin',
        headers: { 'Accept': 'application/xml, text/xml, */*' }
      });
      if (!response.ok) {
        throw new Error('Could not load diagram (HTTP ' + response.status + ')');
      }
      var xml = await response.text();
      await viewer.importXML(xml);
      // 'auto' also centres the diagram (fit-viewport never zooms in past 100%).
      viewer.get('canvas').zoom('fit-viewport', 'auto');
      addMarkers(viewer, splitIds(el.dataset.active), 'active-step');
      addMarkers(viewer, splitIds(el.dataset.done), 'done-step');
      addMarkers(viewer, splitIds(el.dataset.error), 'error-step');
      el.bpmnViewer = viewer;
    } catch (err) {
      if (viewer) {
        try {
          viewer.destroy();
        } catch {
          // nothing more to clean up
        }
      }
      showError(el, err);
    } finally {
      delete el.dataset.rendering;
      el.dataset.rendered = '1';
    }
  }

  function renderAll(root) {
    var nodes = (root || document).querySelectorAll('[data-bpmn-url]');
    return Promise.all(Array.prototype.map.call(nodes, renderDiagram));
  }

  window.SmeDiagram = { render: renderDiagram, renderAll: renderAll };

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () {
      renderAll(document);
    });
  } else {
    renderAll(document);
  }
})();
