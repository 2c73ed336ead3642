// The back-office console: a thin page over the documented /v1/backoffice API (the same
// calls a CRM would make). Data is only ever written with textContent, never as HTML.
"use strict";

// Tokens live in sessionStorage (this tab only). Staff sessions are short on the server
// (15-minute access tokens, 30 minutes idle, 12 hours at most): while someone works here
// the access token is renewed silently; after 30 minutes without a click or key the
// console signs out by itself, and closing the tab ends the session on the server.
const TOKEN = "companion-backoffice-token";
const REFRESH = "companion-backoffice-refresh";
const EXPIRES = "companion-backoffice-expires";
const IDLE_MS = 30 * 60 * 1000;
const token = () => sessionStorage.getItem(TOKEN);
const $ = (id) => document.getElementById(id);
/** The troubleshooter's symptoms as operations read them (the API's fault_code). */
const FAULT_NAMES = {
  wont_charge: "Não carrega", wont_heat: "Não aquece", light_pattern: "Luzes",
  short_sessions: "Sessões curtas", after_cleaning: "Erro após limpeza", other: "Outro",
};
let lastActivity = Date.now();
let pendingMfa = null; // { token, email } between the password and the code

function keepSession(session) {
  sessionStorage.setItem(TOKEN, session.access_token);
  sessionStorage.setItem(REFRESH, session.refresh_token);
  sessionStorage.setItem(EXPIRES, String(Date.now() + session.expires_in * 1000));
}

// The log-in device token (OWASP device cookie): kept per email across sessions, so a
// stranger's wrong passwords never lock a staff member out of their own browser.
const deviceKey = (email) => "companion-backoffice-device:" + email.trim().toLowerCase();

async function refreshSession() {
  const refresh = sessionStorage.getItem(REFRESH);
  if (!refresh) return false;
  try {
    const answer = await fetch("/v1/sessions/refresh", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ refresh_token: refresh }),
    });
    if (!answer.ok) return false;
    keepSession(await answer.json());
    return true;
  } catch (e) { return false; }
}

function say(text, ok) {
  const line = $("message");
  line.textContent = text || "";
  line.className = ok ? "ok" : "error";
}

async function api(method, path, body, retried) {
  const headers = { "Content-Type": "application/json" };
  if (token()) headers.Authorization = "Bearer " + token();
  let answer;
  try {
    answer = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new Error("Sem ligação ao servidor. Tente de novo.");
  }
  const text = await answer.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  const signingIn = path === "/v1/sessions" || path === "/v1/sessions/mfa";
  if (answer.status === 401 && !signingIn) {
    if (!retried && await refreshSession()) return api(method, path, body, true);
    signOut("A sessão terminou. Entre de novo.");
    throw new Error("A sessão terminou. Entre de novo.");
  }
  if (!answer.ok) {
    const message = data && data.error ? data.error.message : "Erro " + answer.status;
    const error = new Error(message);
    error.code = data && data.error ? data.error.code : null;
    throw error;
  }
  return data;
}

// An element with attributes and children; strings become text nodes, never HTML.
function el(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

// How an action ended, on its own two lines: the `status` line (role=status) says what
// happened; a refusal goes to the `alert` line (role=alert) with the server's message and
// code. Each clears the other.
function outcome(status, alert, text, error) {
  $(status).textContent = error ? "" : text || "";
  $(alert).textContent = error ? error.message + (error.code ? " (" + error.code + ")" : "") : "";
}

const euros = (cents) => (cents / 100).toLocaleString("pt-PT", { style: "currency", currency: "EUR" });
const day = (iso) => new Date(iso + "T00:00:00Z").toLocaleDateString("pt-PT", { timeZone: "UTC" });
const when = (iso) => new Date(iso).toLocaleString("pt-PT");
const fullName = (person) => person.given_name + " " + person.family_name;

// One form at a time per thing: a second click while the first answer is on its way is
// ignored (nothing is disabled, so focus stays where it was).
async function once(holder, work) {
  if (holder.dataset.busy) return;
  holder.dataset.busy = "1";
  holder.setAttribute("aria-busy", "true");
  try { await work(); } finally { delete holder.dataset.busy; holder.removeAttribute("aria-busy"); }
}

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text == null ? "" : String(text);
  row.appendChild(td);
  return td;
}

function actionButton(row, label, testid, onClick) {
  const td = document.createElement("td");
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = label;
  button.dataset.testid = testid;
  button.addEventListener("click", onClick);
  td.appendChild(button);
  row.appendChild(td);
}

function show(tab) {
  for (const section of document.querySelectorAll("main > section")) section.hidden = section.id !== tab;
  for (const button of document.querySelectorAll("#tabs [data-tab]")) button.setAttribute("aria-pressed", String(button.dataset.tab === tab));
  say("");
  const load = loaders[tab];
  if (load) load().catch((e) => say(e.message));
}

function signOut(why) {
  for (const key of [TOKEN, REFRESH, EXPIRES]) sessionStorage.removeItem(key);
  $("tabs").hidden = true;
  show("login");
  if (why) say(why);
}

// Any click or key counts as work: renew the access token shortly before it expires while
// someone is here; sign out after 30 idle minutes (the server ends the session anyway).
for (const kind of ["click", "keydown"]) document.addEventListener(kind, () => { lastActivity = Date.now(); }, true);
setInterval(async () => {
  if (!token()) return;
  if (Date.now() - lastActivity >= IDLE_MS) {
    const current = token();
    signOut("Sessão terminada por inatividade (30 minutos). Entre de novo.");
    fetch("/v1/sessions/current", { method: "DELETE", headers: { Authorization: "Bearer " + current } }).catch(() => {});
    return;
  }
  if (Number(sessionStorage.getItem(EXPIRES) || 0) - Date.now() < 2 * 60 * 1000) {
    if (!await refreshSession()) signOut("A sessão terminou. Entre de novo.");
  }
}, 30 * 1000);

// Closing (or leaving) the tab ends the session on the server: no live refresh token is
// left behind in a browser nobody watches.
window.addEventListener("pagehide", () => {
  const current = token();
  if (!current) return;
  for (const key of [TOKEN, REFRESH, EXPIRES]) sessionStorage.removeItem(key);
  fetch("/v1/sessions/current", { method: "DELETE", headers: { Authorization: "Bearer " + current }, keepalive: true }).catch(() => {});
});

// The code for a dangerous action (step-up), read from the field and cleared: a code
// works once.
function stepUpCode(field) {
  const code = $(field).value.trim();
  $(field).value = "";
  return code;
}

// A missing-points claim in support's queue: what the customer claims, who they are,
// what they bought lately (a receipt already there earned its points), and the two
// decisions. Credit is prefilled with what the earn rule gives for the amount.
function claimItem(claim) {
  const item = el("li", { class: "claim", "data-testid": "bo-claim-" + claim.reference });
  const purchases = claim.recent_purchases.length
    ? el("ul", { class: "purchases", "data-testid": "bo-claim-purchases-" + claim.reference },
      ...claim.recent_purchases.map((entry) => el("li", {}, when(entry.created_at) + " · " + entry.description + " · "
        + entry.points + " pontos" + (entry.status === "pending" ? " (pendentes)" : ""))))
    : el("p", { class: "muted", "data-testid": "bo-claim-purchases-" + claim.reference },
      claim.customer ? "Nenhuma compra registada." : "Conta apagada: sem histórico.");
  const pointsId = "claim-points-" + claim.id;
  const reasonId = "claim-reason-" + claim.id;
  const credit = el("form", { "aria-label": "Creditar " + claim.reference },
    el("label", { for: pointsId }, "Pontos a creditar"),
    el("input", { id: pointsId, type: "number", min: "1", step: "1", inputmode: "numeric", required: "",
      value: String(claim.suggested_points), "data-testid": "bo-claim-points-" + claim.reference }),
    el("button", { class: "primary", "data-testid": "bo-claim-credit-" + claim.reference }, "Creditar"));
  const reject = el("form", { "aria-label": "Recusar " + claim.reference },
    el("label", { for: reasonId }, "Motivo da recusa (o cliente lê-o)"),
    el("textarea", { id: reasonId, rows: "2", maxlength: "4000", required: "", "data-testid": "bo-claim-reason-" + claim.reference }),
    el("button", { class: "primary", "data-testid": "bo-claim-reject-" + claim.reference }, "Recusar"));
  credit.addEventListener("submit", (event) => {
    event.preventDefault();
    once(item, () => decide(claim, item, { decision: "credit", points: Number($(pointsId).value) }));
  });
  reject.addEventListener("submit", (event) => {
    event.preventDefault();
    once(item, () => decide(claim, item, { decision: "reject", reason: $(reasonId).value }));
  });
  item.append(
    el("h3", {}, "Reclamação " + claim.reference),
    el("dl", { class: "facts" },
      el("dt", {}, "Loja"), el("dd", {}, claim.shop),
      el("dt", {}, "Talão"), el("dd", {}, claim.receipt_reference),
      el("dt", {}, "Data da compra"), el("dd", {}, day(claim.purchased_on)),
      el("dt", {}, "Valor"), el("dd", {}, euros(claim.amount_cents)),
      el("dt", {}, "Cliente"), el("dd", {}, claim.customer ? fullName(claim.customer) + " · membro " + claim.customer.member_code : "conta apagada"),
      el("dt", {}, "Registada em"), el("dd", {}, when(claim.created_at))),
    el("h4", {}, "Compras recentes do cliente"),
    purchases,
    el("div", { class: "decide" }, credit, reject));
  return item;
}

// Sends a decision; a decided claim leaves the queue and the status line says what
// happened. A claim decided meanwhile by someone else: the queue is read again.
async function decide(claim, item, body) {
  try {
    const decided = await api("POST", "/v1/backoffice/points-claims/" + claim.id + "/decision", body);
    item.remove();
    const who = claim.customer ? fullName(claim.customer) : "o cliente";
    let text = decided.status === "credited"
      ? "Reclamação " + decided.reference + " creditada: " + decided.points + " pontos somados ao saldo de " + who + "."
      : "Reclamação " + decided.reference + " recusada; " + who + " lê o motivo na aplicação.";
    if (!$("claim-list").children.length) text += " Nenhuma reclamação em aberto.";
    outcome("claims-status", "claims-error", text);
    $("claims").focus();
  } catch (e) {
    if (e.code === "invalid_transition" || e.code === "not_found") await loaders.claims();
    outcome("claims-status", "claims-error", "", e);
  }
}

const loaders = {
  async claims() {
    outcome("claims-status", "claims-error", "");
    const list = $("claim-list");
    try {
      const data = await api("GET", "/v1/backoffice/points-claims?status=open");
      list.replaceChildren(...data.claims.map(claimItem));
      if (!data.claims.length) outcome("claims-status", "claims-error", "Nenhuma reclamação em aberto.");
    } catch (e) {
      list.replaceChildren();
      outcome("claims-status", "claims-error", "", e);
    }
  },
  async inbox() {
    const data = await api("GET", "/v1/backoffice/support-requests?status=open");
    const rows = $("inbox-rows");
    rows.replaceChildren();
    for (const request of data.requests) {
      const row = document.createElement("tr");
      row.dataset.testid = "inbox-" + request.reference;
      cell(row, request.reference);
      cell(row, request.topic);
      cell(row, request.message);
      cell(row, request.device_id);
      cell(row, request.account_id ? "encontrada" : "—");
      actionButton(row, "Responder", "reply-" + request.reference, () => {
        $("reply-form").hidden = false;
        $("reply-form").dataset.id = request.id;
        $("reply-ref").textContent = request.reference;
        $("reply-message").focus();
      });
      rows.appendChild(row);
    }
    if (!data.requests.length) say("Nenhum pedido em aberto.", true);
  },
  async replacements() {
    const data = await api("GET", "/v1/backoffice/guarantee-requests");
    const rows = $("replacement-rows");
    rows.replaceChildren();
    for (const request of data.requests) {
      const row = document.createElement("tr");
      cell(row, request.device_id);
      cell(row, FAULT_NAMES[request.fault_code] || request.fault_code || "—");
      cell(row, request.fault_description);
      cell(row, request.delivery.kind === "address" ? "Morada" : "Ponto de recolha " + request.delivery.collection_point_id);
      cell(row, request.status);
      actionButton(row, "Mudar estado", "move-" + request.device_id, () => {
        $("status-form").hidden = false;
        $("status-form").dataset.id = request.id;
        $("status-device").textContent = request.device_id;
      });
      rows.appendChild(row);
    }
  },
  async rewards() {
    const data = await api("GET", "/v1/backoffice/rewards");
    const rows = $("reward-rows");
    rows.replaceChildren();
    for (const reward of data.rewards) {
      const row = document.createElement("tr");
      cell(row, reward.id);
      cell(row, reward.name_pt + " / " + reward.name_en);
      cell(row, reward.cost_points);
      cell(row, reward.active ? "sim" : "não");
      actionButton(row, "Editar", "edit-" + reward.id, () => {
        $("rw-id").value = reward.id; $("rw-category").value = reward.category; $("rw-cost").value = reward.cost_points;
        $("rw-name-pt").value = reward.name_pt; $("rw-name-en").value = reward.name_en;
        $("rw-desc-pt").value = reward.description_pt; $("rw-desc-en").value = reward.description_en;
        $("rw-active").checked = reward.active;
      });
      rows.appendChild(row);
    }
  },
  async points() {
    const data = await api("GET", "/v1/backoffice/collection-points");
    const rows = $("point-rows");
    rows.replaceChildren();
    for (const point of data.collection_points) {
      const row = document.createElement("tr");
      cell(row, point.id); cell(row, point.name);
      cell(row, point.address + ", " + point.postal_code + " " + point.city);
      cell(row, point.opening_hours); cell(row, point.active ? "sim" : "não");
      actionButton(row, "Editar", "edit-point-" + point.id, () => {
        $("pt-id").value = point.id; $("pt-name").value = point.name; $("pt-address").value = point.address;
        $("pt-postal").value = point.postal_code; $("pt-city").value = point.city;
        $("pt-lat").value = point.latitude; $("pt-lon").value = point.longitude;
        $("pt-hours").value = point.opening_hours; $("pt-active").checked = point.active;
      });
      rows.appendChild(row);
    }
  },
  async staff() {
    const data = await api("GET", "/v1/backoffice/staff");
    const rows = $("staff-rows");
    rows.replaceChildren();
    for (const member of data.staff) {
      const row = document.createElement("tr");
      cell(row, member.email); cell(row, member.name); cell(row, member.role);
      cell(row, (member.disabled ? "desativado" : "ativo") + (member.mfa_enrolled ? " · 2.º fator" : ""));
      const stepUp = (path, body, done) => async () => {
        try {
          await api("POST", "/v1/backoffice/staff/" + member.id + path, Object.assign({ mfa_code: stepUpCode("st-mfa") }, body || {}));
          await loaders.staff();
          say(done, true);
        } catch (e) { say(e.message); }
      };
      if (member.disabled) actionButton(row, "Reativar", "enable-" + member.email, stepUp("/enable", null, "Conta reativada."));
      else actionButton(row, "Desativar", "disable-" + member.email, stepUp("/disable", null, "Conta desativada."));
      actionButton(row, "Repor palavra-passe", "reset-" + member.email, async () => {
        try { await api("POST", "/v1/backoffice/staff/" + member.id + "/reset"); say("Código enviado; as sessões terminaram.", true); } catch (e) { say(e.message); }
      });
      actionButton(row, "Repor 2.º fator", "reset-mfa-" + member.email, stepUp("/reset-mfa", null, "Fator removido: o próximo acesso associa um novo."));
      actionButton(row, "Mudar para " + $("st-role").value, "role-" + member.email, async () => {
        await stepUp("/role", { role: $("st-role").value }, "Função alterada; as sessões terminaram.")();
      });
      rows.appendChild(row);
    }
  },
  async audit(older) {
    const query = new URLSearchParams();
    for (const [name, field] of [["account_id", "audit-account"], ["actor_id", "audit-actor"], ["action", "audit-action"]]) {
      if ($(field).value.trim()) query.set(name, $(field).value.trim());
    }
    for (const [name, field] of [["from", "audit-from"], ["to", "audit-to"]]) {
      if ($(field).value) query.set(name, new Date($(field).value).toISOString());
    }
    query.set("limit", "100");
    const more = $("audit-more");
    if (older && more.dataset.before) query.set("before", more.dataset.before);
    const data = await api("GET", "/v1/backoffice/audit?" + query.toString());
    const rows = $("audit-rows");
    if (!older) rows.replaceChildren();
    for (const entry of data.entries) {
      const row = document.createElement("tr");
      row.dataset.testid = "audit-" + entry.action;
      cell(row, new Date(entry.at).toLocaleString("pt-PT")); cell(row, entry.actor_role + " " + entry.actor_id);
      cell(row, entry.action); cell(row, entry.account_id); cell(row, entry.detail); cell(row, entry.client);
      rows.appendChild(row);
    }
    more.hidden = !data.next_before;
    more.dataset.before = data.next_before || "";
    if (!older && !data.entries.length) say("Nenhuma entrada com estes filtros.", true);
  },
};

function signedIn(session, email) {
  if (session.device_token) localStorage.setItem(deviceKey(email), session.device_token);
  keepSession(session);
  lastActivity = Date.now();
  pendingMfa = null;
  $("mfa-form").hidden = true;
  $("enrolment").hidden = true;
  $("mfa-secret").textContent = "";
  $("mfa-qr").removeAttribute("src");
  $("login-form").hidden = false;
  $("tabs").hidden = false;
  show("customers");
}

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const email = $("login-email").value;
  try {
    const body = { email, password: $("login-password").value };
    const device = localStorage.getItem(deviceKey(email));
    if (device) body.device_token = device;
    const answer = await api("POST", "/v1/sessions", body);
    $("login-password").value = "";
    if (!answer.mfa_required) { signedIn(answer, email); return; }
    pendingMfa = { token: answer.mfa_token, email };
    $("login-form").hidden = true;
    $("mfa-form").hidden = false;
    const enrolment = answer.enrolment;
    $("enrolment").hidden = !enrolment;
    if (enrolment) {
      $("mfa-qr").src = enrolment.qr_code;
      $("mfa-secret").textContent = enrolment.secret;
    }
    say(enrolment ? "Associe a aplicação de autenticação e escreva o primeiro código." : "Escreva o código da aplicação de autenticação.", true);
    $("mfa-code").focus();
  } catch (e) { say(e.message); }
});

$("mfa-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!pendingMfa) { signOut("Entre de novo."); return; }
  try {
    const session = await api("POST", "/v1/sessions/mfa", { mfa_token: pendingMfa.token, code: $("mfa-code").value });
    $("mfa-code").value = "";
    signedIn(session, pendingMfa.email);
  } catch (e) {
    $("mfa-code").value = "";
    say(e.message);
    // A dead challenge (expired, or too many wrong codes): back to the password.
    if (e.code === "invalid_token") { pendingMfa = null; $("mfa-form").hidden = true; $("enrolment").hidden = true; $("login-form").hidden = false; }
  }
});

$("mfa-cancel").addEventListener("click", () => {
  pendingMfa = null;
  $("mfa-form").hidden = true;
  $("enrolment").hidden = true;
  $("login-form").hidden = false;
  say("");
});

$("find-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const box = $("customer");
  box.replaceChildren();
  $("erase-form").hidden = true;
  $("goodwill-form").hidden = true;
  outcome("goodwill-status", "goodwill-error", "");
  try {
    const by = $("find-by").value;
    const data = await api("GET", "/v1/backoffice/accounts?" + by + "=" + encodeURIComponent($("find-value").value));
    if (!data.customer) { say("Nenhum cliente encontrado."); return; }
    const c = data.customer;
    for (const line of [c.given_name + " " + c.family_name, c.email, "Membro " + c.member_code + " · " + c.tier, "Conta " + c.id,
      ...c.devices.map((d) => d.device_id + " · " + d.model + " · garantia até " + d.guarantee_until),
      ...c.open_requests.map((r) => "Pedido " + r.status + " · " + r.device_id)]) {
      const p = document.createElement("p");
      p.textContent = line;
      box.appendChild(p);
    }
    const audit = document.createElement("button");
    audit.type = "button";
    audit.textContent = "Ver quem consultou este cliente";
    audit.dataset.testid = "customer-audit";
    audit.addEventListener("click", () => {
      for (const field of ["audit-actor", "audit-action", "audit-from", "audit-to"]) $(field).value = "";
      $("audit-account").value = c.id;
      show("audit");
    });
    box.appendChild(audit);
    $("goodwill-form").dataset.id = c.id;
    $("goodwill-form").dataset.name = fullName(c);
    $("goodwill-form").hidden = false;
    $("erase-form").dataset.id = c.id;
    $("erase-form").hidden = false;
  } catch (e) { say(e.message); }
});

// Goodwill points for the customer on screen; a refusal (out of bounds, the agent's daily
// cap) is read out with the server's words.
$("goodwill-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = $("goodwill-form");
  once(form, async () => {
    try {
      const entry = await api("POST", "/v1/backoffice/accounts/" + form.dataset.id + "/points",
        { points: Number($("goodwill-points").value), reason: $("goodwill-reason").value });
      $("goodwill-points").value = "";
      $("goodwill-reason").value = "";
      outcome("goodwill-status", "goodwill-error",
        entry.points + " pontos oferecidos a " + form.dataset.name + "; saldo: " + entry.balance_after + " pontos.");
    } catch (e) { outcome("goodwill-status", "goodwill-error", "", e); }
  });
});

$("erase-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = $("erase-form");
  try {
    await api("DELETE", "/v1/backoffice/accounts/" + form.dataset.id,
      { confirm: $("erase-confirm").value, reference: $("erase-reference").value, mfa_code: stepUpCode("erase-mfa") });
    form.hidden = true;
    $("goodwill-form").hidden = true;
    $("customer").replaceChildren();
    say("Conta apagada.", true);
  } catch (e) { say(e.message); }
});

$("reply-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = $("reply-form");
  try {
    await api("POST", "/v1/backoffice/support-requests/" + form.dataset.id + "/reply",
      { message: $("reply-message").value, action: $("reply-action").value });
    form.hidden = true;
    $("reply-message").value = "";
    await loaders.inbox();
    say("Resposta enviada; pedido fechado.", true);
  } catch (e) { say(e.message); }
});

$("status-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = $("status-form");
  const body = { status: $("status-next").value };
  if ($("status-tracking").value) body.tracking_number = $("status-tracking").value;
  if ($("status-reason").value) body.reason = $("status-reason").value;
  try {
    await api("POST", "/v1/backoffice/guarantee-requests/" + form.dataset.id + "/status", body);
    form.hidden = true;
    await loaders.replacements();
    say("Estado guardado.", true);
  } catch (e) { say(e.message); }
});

$("reward-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const reward = {
    id: $("rw-id").value, category: $("rw-category").value, cost_points: Number($("rw-cost").value),
    name_pt: $("rw-name-pt").value, name_en: $("rw-name-en").value,
    description_pt: $("rw-desc-pt").value, description_en: $("rw-desc-en").value, active: $("rw-active").checked,
  };
  try {
    await api("PUT", "/v1/backoffice/rewards/" + encodeURIComponent(reward.id), reward);
    await loaders.rewards();
    say("Recompensa guardada.", true);
  } catch (e) { say(e.message); }
});

$("point-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const point = {
    id: $("pt-id").value, name: $("pt-name").value, address: $("pt-address").value,
    postal_code: $("pt-postal").value, city: $("pt-city").value,
    latitude: Number($("pt-lat").value), longitude: Number($("pt-lon").value),
    opening_hours: $("pt-hours").value, active: $("pt-active").checked,
  };
  try {
    await api("PUT", "/v1/backoffice/collection-points/" + encodeURIComponent(point.id), point);
    await loaders.points();
    say("Ponto de recolha guardado.", true);
  } catch (e) { say(e.message); }
});

$("staff-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await api("POST", "/v1/backoffice/staff", { email: $("st-email").value, name: $("st-name").value, role: $("st-role").value, mfa_code: stepUpCode("st-mfa") });
    await loaders.staff();
    say("Conta criada; o convite foi enviado.", true);
  } catch (e) { say(e.message); }
});

for (const button of document.querySelectorAll("#tabs [data-tab]")) button.addEventListener("click", () => show(button.dataset.tab));
$("audit-form").addEventListener("submit", (event) => {
  event.preventDefault();
  say("");
  loaders.audit(false).catch((e) => say(e.message));
});
$("audit-more").addEventListener("click", () => loaders.audit(true).catch((e) => say(e.message)));

$("logout").addEventListener("click", async () => {
  try { await api("DELETE", "/v1/sessions/current"); } catch (e) { /* signed out here anyway */ }
  signOut();
});

if (token()) { $("tabs").hidden = false; show("customers"); } else { show("login"); }
