// The back-office console: a thin page over the documented /v1/backoffice API (the same
// calls a CRM would make). Data is only ever written with textContent, never as HTML.
"use strict";

const token = () => sessionStorage.getItem("companion-backoffice-token");
const $ = (id) => document.getElementById(id);

function say(text, ok) {
  const line = $("message");
  line.textContent = text || "";
  line.className = ok ? "ok" : "error";
}

async function api(method, path, body) {
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
  if (answer.status === 401 && path !== "/v1/sessions") { signOut(); throw new Error("A sessão terminou. Entre de novo."); }
  if (!answer.ok) {
    const message = data && data.error ? data.error.message : "Erro " + answer.status;
    throw new Error(message);
  }
  return data;
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

function signOut() {
  sessionStorage.removeItem("companion-backoffice-token");
  $("tabs").hidden = true;
  show("login");
}

const loaders = {
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
      cell(row, member.disabled ? "desativado" : "ativo");
      actionButton(row, "Desativar", "disable-" + member.email, async () => {
        try { await api("POST", "/v1/backoffice/staff/" + member.id + "/disable"); say("Conta desativada.", true); await loaders.staff(); } catch (e) { say(e.message); }
      });
      actionButton(row, "Repor palavra-passe", "reset-" + member.email, async () => {
        try { await api("POST", "/v1/backoffice/staff/" + member.id + "/reset"); say("Código enviado; as sessões terminaram.", true); } catch (e) { say(e.message); }
      });
      rows.appendChild(row);
    }
  },
  async audit() {
    const data = await api("GET", "/v1/backoffice/audit");
    const rows = $("audit-rows");
    rows.replaceChildren();
    for (const entry of data.entries) {
      const row = document.createElement("tr");
      cell(row, new Date(entry.at).toLocaleString("pt-PT")); cell(row, entry.actor_role);
      cell(row, entry.action); cell(row, entry.account_id); cell(row, entry.detail); cell(row, entry.client);
      rows.appendChild(row);
    }
  },
};

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const session = await api("POST", "/v1/sessions", { email: $("login-email").value, password: $("login-password").value });
    sessionStorage.setItem("companion-backoffice-token", session.access_token);
    $("login-password").value = "";
    $("tabs").hidden = false;
    show("customers");
  } catch (e) { say(e.message); }
});

$("find-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const box = $("customer");
  box.replaceChildren();
  $("erase-form").hidden = true;
  try {
    const by = $("find-by").value;
    const data = await api("GET", "/v1/backoffice/accounts?" + by + "=" + encodeURIComponent($("find-value").value));
    if (!data.customer) { say("Nenhum cliente encontrado."); return; }
    const c = data.customer;
    for (const line of [c.given_name + " " + c.family_name, c.email, "Membro " + c.member_code + " · " + c.tier,
      ...c.devices.map((d) => d.device_id + " · " + d.model + " · garantia até " + d.guarantee_until),
      ...c.open_requests.map((r) => "Pedido " + r.status + " · " + r.device_id)]) {
      const p = document.createElement("p");
      p.textContent = line;
      box.appendChild(p);
    }
    $("erase-form").dataset.id = c.id;
    $("erase-form").hidden = false;
  } catch (e) { say(e.message); }
});

$("erase-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = $("erase-form");
  try {
    await api("DELETE", "/v1/backoffice/accounts/" + form.dataset.id,
      { confirm: $("erase-confirm").value, reference: $("erase-reference").value });
    form.hidden = true;
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
    await api("POST", "/v1/backoffice/staff", { email: $("st-email").value, name: $("st-name").value, role: $("st-role").value });
    await loaders.staff();
    say("Conta criada; o convite foi enviado.", true);
  } catch (e) { say(e.message); }
});

for (const button of document.querySelectorAll("#tabs [data-tab]")) button.addEventListener("click", () => show(button.dataset.tab));
$("logout").addEventListener("click", async () => {
  try { await api("DELETE", "/v1/sessions/current"); } catch (e) { /* signed out here anyway */ }
  signOut();
});

if (token()) { $("tabs").hidden = false; show("customers"); } else { show("login"); }
