// The one stylesheet of the web pages, served from the app (the CSP allows styles from 'self' only). Plain,
// in the manner of the agency's own sites: system fonts, black on white, one blue, a visible focus ring,
// touch targets of at least 44 × 44 CSS px (links, buttons, fields, each radio row), one column that fits
// a phone. Questions that depend on another answer are shown by rules made from the form declarations.
import { FORMS } from '../forms/declarations.js';
import type { AskedIf } from '../forms/types.js';
import { askedIfKey } from './pages/form-fields.js';

export const STYLESHEET_PATH = '/assets/mdoc-web.css';

/**
 * A question asked only for another answer (KRL only for 非対面) is hidden until that answer is chosen:
 * `:has()` sees the checked radio or selected option, so no script is needed. A browser without `:has()`
 * shows the question always, and its label says when it applies.
 */
export function askedIfRule(a: AskedIf): string {
  const chosen = `:is(input[name="${a.field}"][value="${a.equals}"]:checked,select[name="${a.field}"] option[value="${a.equals}"]:checked)`;
  return `form:not(:has(${chosen})) [data-asked-if="${askedIfKey(a)}"]{display:none}`;
}

const ASKED_IF_RULES = [
  ...new Set(
    Object.values(FORMS)
      .flatMap((form) => form.fields)
      .flatMap((field) => (field.askedIf ? [askedIfRule(field.askedIf)] : [])),
  ),
].join('\n');

const BASE = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:#1a1a1a;background:#fff;font-family:"Hiragino Sans","Hiragino Kaku Gothic ProN","Noto Sans JP","BIZ UDPGothic","IPAPGothic","Meiryo",sans-serif;font-size:1rem;line-height:1.8;overflow-wrap:anywhere}
.wrap{max-width:46rem;margin:0 auto;padding:0 1rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.skip{position:absolute;left:-9999px;top:0;background:#fff;padding:0 1rem;z-index:1}
.skip:focus{left:1rem}
header.site{border-bottom:4px solid #0031d8;padding:.75rem 0}
header.site p{margin:0}
header.site .agency{font-weight:700;font-size:1.125rem}
header.site .service{font-size:.9375rem;color:#414141}
main.wrap{padding-top:2rem;padding-bottom:3rem}
footer.site{border-top:1px solid #ccc;padding:1rem 0;color:#414141;font-size:.875rem}
h1{font-size:1.625rem;line-height:1.5;margin:0 0 1rem}
h2{font-size:1.25rem;line-height:1.5;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:1px solid #ccc}
p{margin:0 0 1rem}
a{color:#0031d8;text-decoration:underline;text-underline-offset:.2em;display:inline-flex;align-items:center;min-height:2.75rem;min-width:2.75rem}
a:hover{color:#00118f}
:focus-visible{outline:3px solid #ffd43d;outline-offset:2px;box-shadow:0 0 0 5px #1a1a1a}
.lead{font-size:1.0625rem}
.notice{border-left:6px solid #0031d8;background:#e8f1fe;padding:.75rem 1rem;margin:0 0 1.5rem}
.notice.done{border-color:#197a4b;background:#e6f5ec}
.notice.warn{border-color:#b78f00;background:#fff8d6}
.error-summary{border:3px solid #d40000;padding:1rem;margin:0 0 1.5rem}
.error-summary:focus{outline:3px solid #ffd43d;outline-offset:2px}
.error-summary h2{margin:0 0 .5rem;border:0;font-size:1.125rem;color:#d40000}
.error-summary ul{margin:0;padding-left:1.25rem}
.error-summary li{margin:0}
.error-summary a{color:#d40000;font-weight:700}
form{margin:0}
.field{margin:0 0 1.5rem}
.field.invalid{border-left:4px solid #d40000;padding-left:.75rem}
label,legend{display:block;font-weight:700;margin:0 0 .25rem}
fieldset{border:0;margin:0;padding:0;min-width:0}
legend{padding:0}
.badge{display:inline-block;font-size:.75rem;font-weight:700;line-height:1.4;padding:0 .4rem;margin-left:.5rem;border-radius:.25rem;vertical-align:.1em}
.badge.required{background:#d40000;color:#fff}
.badge.optional{background:#e6e6e6;color:#1a1a1a}
.hint{display:block;color:#414141;font-size:.9375rem;margin:0 0 .25rem}
.error{display:block;color:#d40000;font-weight:700;margin:0 0 .25rem}
input[type=text],input[type=email],input[type=tel],select,textarea{display:block;width:100%;max-width:32rem;font:inherit;padding:.5rem .625rem;border:2px solid #767676;border-radius:.25rem;background:#fff;color:#1a1a1a;min-height:2.75rem}
textarea{min-height:6rem}
.invalid input,.invalid select,.invalid textarea{border-color:#d40000}
input[type=file]{display:block;font:inherit;max-width:100%;padding:.25rem 0}
input[type=file]::file-selector-button{font:inherit;min-height:2.75rem;padding:0 1rem;margin-right:1rem;border:2px solid #767676;border-radius:.25rem;background:#f2f2f2;color:#1a1a1a;cursor:pointer}
.field :is(input,select,textarea){scroll-margin-top:7rem}
.choice{display:flex;align-items:center;gap:.75rem;min-height:2.75rem;margin:0;padding:.25rem 0;font-weight:400;cursor:pointer}
.choice input{width:1.5rem;height:1.5rem;margin:0;flex:none;accent-color:#0031d8}
button,.button{display:inline-block;font:inherit;font-weight:700;color:#fff;background:#0031d8;border:2px solid #0031d8;border-radius:.5rem;padding:.75rem 1.5rem;min-height:3rem;cursor:pointer;text-decoration:none;text-align:center}
button:hover,.button:hover{background:#00118f;border-color:#00118f;color:#fff}
.actions{margin:2rem 0 0}
.after-form{margin:2rem 0 0}
dl.facts{display:grid;grid-template-columns:minmax(7rem,max-content) 1fr;gap:.25rem 1rem;margin:0 0 1rem}
dl.facts dt{font-weight:700}
dl.facts dd{margin:0}
ol.steps{list-style:none;margin:0 0 1rem .6rem;padding:0;border-left:3px solid #ccc}
ol.steps li{position:relative;margin:0;padding:.5rem 0 .5rem 1.25rem}
ol.steps li::before{content:"";position:absolute;left:-.6rem;top:1rem;width:.9rem;height:.9rem;border-radius:50%;background:#fff;border:3px solid #ccc}
ol.steps li.done::before{background:#197a4b;border-color:#197a4b}
ol.steps li.current{background:#e8f1fe;font-weight:700}
ol.steps li.current::before{background:#0031d8;border-color:#0031d8}
ol.steps .code{display:inline-block;min-width:3.5rem}
ol.steps .state{display:block;font-size:.875rem;font-weight:400;color:#414141}
ul.documents{margin:0 0 1rem;padding-left:1.25rem}
.small{font-size:.875rem;color:#414141}
@media (min-width:40rem){h1{font-size:2rem}.wrap{padding:0 1.5rem}}
`;

export const STYLESHEET = `${BASE}${ASKED_IF_RULES}\n`;
