// The editor parts every ml-connector config node shares, loaded once by each config node's .html as
// <script src="resources/@ml-connector/node-red/config-editor.js"> (Node-RED serves the package's
// top-level resources/ folder there, and loads such scripts before the node definitions).
//
//   mlcConfigEditor.register(type, definition, options) registers the config node after filling in:
//   - the limit fields (timeoutSeconds, maxAttempts, maxRetrySeconds): defaults, validation, and one
//     form row where the template holds <div data-mlc-config="limits"></div>;
//   - environment values: where the template holds <div data-mlc-config="env-hint"></div>, the tip
//     that any field may be ${NAME}; the validators below accept ${NAME} wherever a value is checked;
//   - Test connection: where the template holds <div data-mlc-config="test"></div>, the button and,
//     right under it, the result. A click posts the dialog's fields to options.test.url (relative,
//     so it works under httpAdminRoot) and shows options.test.render(answer) or the reason it
//     failed; the result is scrolled into view, so a tall dialog never hides it below the fold.
//
//   mlcConfigEditor.pickOnlyConfigs is the onadd of every flow node with a config field (Odoo, UKG,
//   store): a node dropped from the palette gets, in each such field left empty, the config node of
//   that type when exactly one exists that its tab can use. Node-RED itself only fills the field
//   when the edit dialog is opened and saved, so a node dropped and deployed had none.
(function () {
  'use strict';
  if (window.mlcConfigEditor) return; // every config node's .html loads this script

  var ENV_VALUE = /^\$\{[^}]+\}$/;
  var URL_VALUE = /^https?:\/\/[^\/\s]+/i;

  function isEnvValue(v) {
    return typeof v === 'string' && ENV_VALUE.test(v.trim());
  }

  var validators = {
    /** An http(s) URL, or ${NAME}. */
    url: function (blankAllowed) {
      return function (v) {
        if ((v === '' || v === undefined) && blankAllowed) return true;
        return URL_VALUE.test(v || '') || isEnvValue(v);
      };
    },
    /** A number, or ${NAME}; blank allowed (the node's default is used). */
    number: function () {
      var number = RED.validators.number(true);
      return function (v) {
        return isEnvValue(v) || number.apply(this, arguments);
      };
    },
    /** A whole number (such as an id), or ${NAME}; blank allowed. */
    integer: function () {
      return function (v) {
        return v === '' || v === undefined || v === null || /^\d+$/.test(String(v)) || isEnvValue(v);
      };
    }
  };

  var LIMITS = {
    timeoutSeconds: { value: 60, validate: validators.number() },
    maxAttempts: { value: 5, validate: validators.number() },
    maxRetrySeconds: { value: 120, validate: validators.number() }
  };

  var PARTS = {
    limits:
      '<div class="form-row mlc-config-limits">' +
      '<label for="node-config-input-timeoutSeconds"><i class="fa fa-clock-o"></i> Timeout (s)</label>' +
      '<input type="text" id="node-config-input-timeoutSeconds" style="width:70px">' +
      '<label for="node-config-input-maxAttempts" style="width:auto;margin-left:12px">Attempts</label>' +
      '<input type="text" id="node-config-input-maxAttempts" style="width:50px">' +
      '<label for="node-config-input-maxRetrySeconds" style="width:auto;margin-left:12px">Retry for (s)</label>' +
      '<input type="text" id="node-config-input-maxRetrySeconds" style="width:60px">' +
      '</div>',
    'env-hint':
      '<div class="form-tips mlc-config-env-hint">Any field may be <code>${NAME}</code>: the value of the environment ' +
      'variable <code>NAME</code> when the flow starts. Secrets are kept in Node-RED\'s encrypted credentials, never in the flow.</div>',
    test: function (type) {
      return (
        '<div class="form-row mlc-config-test">' +
        '<label></label>' +
        '<button type="button" class="red-ui-button" id="' + type + '-test"><i class="fa fa-plug"></i> Test connection</button>' +
        '<div id="' + type + '-test-result" class="mlc-config-test-result" role="status" aria-live="polite"></div>' +
        '</div>'
      );
    }
  };

  function addStyle() {
    if (document.getElementById('mlc-config-editor-style')) return;
    var style = document.createElement('style');
    style.id = 'mlc-config-editor-style';
    style.textContent =
      '.mlc-ok { color: #3a7d3a; }' +
      '.mlc-fail { color: #c0392b; }' +
      '.mlc-config-test-result { white-space: normal; margin: 6px 0 0 104px; }' +
      '.mlc-config-test-result:empty { display: none; }' +
      '.mlc-config-test-result ul { margin: 4px 0 0 18px; }';
    document.head.appendChild(style);
  }

  /** Puts the shared parts into the node's edit template, where its placeholders are. */
  function expandTemplate(type) {
    var template = $('script[data-template-name="' + type + '"]');
    if (template.length === 0) return false;
    var html = template.html();
    var expanded = html.replace(/<div data-mlc-config="([a-z-]+)"><\/div>/g, function (whole, part) {
      var content = PARTS[part];
      if (content === undefined) throw new Error(type + ': unknown config editor part "' + part + '"');
      return typeof content === 'function' ? content(type) : content;
    });
    if (expanded !== html) template.html(expanded);
    return true;
  }

  function wireTest(node, type, test) {
    var button = $('#' + type + '-test');
    var result = $('#' + type + '-test-result');
    function show() {
      var el = result[0];
      if (el && el.scrollIntoView) el.scrollIntoView({ block: 'nearest' });
    }
    function failed(text) {
      result.empty().removeClass('mlc-ok').addClass('mlc-fail').text(text);
      show();
    }
    button.on('click', function () {
      result.empty().removeClass('mlc-ok mlc-fail').text('Connecting...');
      show();
      var body = { id: node.id };
      test.fields.forEach(function (f) {
        body[f] = $('#node-config-input-' + f).val();
      });
      $.ajax({
        url: test.url,
        type: 'POST',
        contentType: 'application/json',
        data: JSON.stringify(body),
        success: function (r) {
          var shown = test.render(r || {});
          result.empty().removeClass('mlc-ok mlc-fail').addClass(shown.ok ? 'mlc-ok' : 'mlc-fail');
          if (typeof shown.content === 'string') result.text(shown.content);
          else result.append(shown.content);
          show();
        },
        error: function (xhr) {
          failed('Failed: HTTP ' + xhr.status + ' ' + (xhr.responseJSON && xhr.responseJSON.error ? xhr.responseJSON.error : ''));
        }
      });
    });
  }

  /**
   * Registers a config node with the shared parts. options.limits: true adds the three limit fields;
   * options.test: { url, fields: [names sent from the dialog], render(answer) → { ok, content } }.
   */
  function register(type, definition, options) {
    options = options || {};
    addStyle();
    var def = $.extend({}, definition);
    def.defaults = $.extend({}, definition.defaults);
    if (options.limits) {
      Object.keys(LIMITS).forEach(function (name) {
        if (!def.defaults[name]) def.defaults[name] = $.extend({}, LIMITS[name]);
      });
    }
    // Node-RED appends a node set's templates and scripts together, so the template is there already;
    // should a future editor add it later, it is expanded once the current append is done.
    if (!expandTemplate(type)) setTimeout(function () { expandTemplate(type); }, 0);
    var own = definition.oneditprepare;
    def.oneditprepare = function () {
      if (options.test) wireTest(this, type, options.test);
      if (own) own.apply(this, arguments);
    };
    RED.nodes.registerType(type, def);
  }

  /** onadd: each empty config field gets the only config node of its type, if there is exactly one. */
  function pickOnlyConfigs() {
    var node = this;
    var defaults = (node._def && node._def.defaults) || {};
    Object.keys(defaults).forEach(function (property) {
      var type = defaults[property].type;
      if (!type || (node[property] && node[property] !== '_ADD_')) return;
      var definition = RED.nodes.getType(type);
      if (!definition || definition.category !== 'config') return;
      var found = [];
      RED.nodes.eachConfig(function (config) {
        if (config.type === type && (!config.z || config.z === node.z)) found.push(config.id);
      });
      if (found.length === 1) node[property] = found[0];
    });
  }

  window.mlcConfigEditor = {
    register: register,
    pickOnlyConfigs: pickOnlyConfigs,
    validators: validators,
    isEnvValue: isEnvValue,
    limitDefaults: function () { return $.extend(true, {}, LIMITS); }
  };
})();
