"""The brief: 3–6 lines a newly joined operator reads before answering."""

from __future__ import annotations

from copilot.domain import Ask, Brief, Entities, Flag, Promise, Ticket

_WHO = {
    "ru": {"buyer": "Покупатель", "seller": "Продавец", "pickup_point": "Владелец ПВЗ"},
    "en": {"buyer": "Buyer", "seller": "Seller", "pickup_point": "Pickup-point owner"},
}
_STATUS = {"ru": {"open": "ожидает выполнения", "kept": "выполнено", "broken": "НЕ выполнено (клиент сообщил)"},
           "en": {"open": "pending", "kept": "kept", "broken": "BROKEN (customer reports it)"}}
_FLAG = {
    "ru": {"legal_threat": "угроза обращения в суд/надзор", "public_complaint_threat": "угроза публичной жалобы", "repeat_contact": "повторное обращение",
           "broken_promise": "нарушено обещание", "escalate": "передать в выделенную группу", "injection": "попытка инструкций ассистенту (игнорируется)"},
    "en": {"legal_threat": "legal threat", "public_complaint_threat": "public complaint threat", "repeat_contact": "repeat contact",
           "broken_promise": "broken promise", "escalate": "hand over to the dedicated group", "injection": "injection attempt (ignored)"},
}


def make_brief(ticket: Ticket, asks: list[Ask], flags: list[Flag], promises: list[Promise], ents: Entities, locale: str = "ru") -> Brief:
    """3–6 lines: who and what order; open asks; what is already answered; promises and their status; flags;
    the customer's last message. When space runs out, the answered asks, then the last message and the
    oldest kept promises give way (open asks, broken promises and flags stay)."""
    loc = "en" if locale == "en" else "ru"
    n_customer = sum(1 for m in ticket.messages if m.role == "customer")
    operators = list(dict.fromkeys(m.author for m in ticket.messages if m.role == "operator" and m.author))
    n_operator = sum(1 for m in ticket.messages if m.role == "operator")
    who = _WHO[loc][ticket.audience]
    orders = ", ".join(ents.order_ids[:3])
    open_asks = [a for a in asks if a.open]
    closed = [a for a in asks if not a.open]
    last_customer = max((i for i, m in enumerate(ticket.messages) if m.role == "customer"), default=None)
    ru = loc == "ru"
    if ru:
        head = f"{who}{' (заказ ' + orders + ')' if orders else ''}: {n_customer} сообщ. клиента, {n_operator} ответ(а) операторов"
    else:
        head = f"{who}{' (order ' + orders + ')' if orders else ''}: {n_customer} customer message(s), {n_operator} operator reply(ies)"
    head += f" ({', '.join(operators)})." if operators else "."
    if open_asks:
        open_line = ("Открыто: " if ru else "Open: ") + "; ".join(a.text for a in open_asks[:5]) + ("…" if len(open_asks) > 5 else "")
    else:
        open_line = "Открытых вопросов нет." if ru else "No open asks."
    closed_line = (("Уже отвечено: " if ru else "Already answered: ") + "; ".join(a.text for a in closed[:3])) if closed else None
    ordered = sorted(promises, key=lambda p: {"broken": 0, "open": 1, "kept": 2}[p.status])[:3]
    promise_lines = []
    for p in ordered:
        if ru:
            due = f", срок {p.due}" if p.due else ""
            promise_lines.append((p, f"Обещано (сообщ. {p.message}{due}): «{p.text[:100]}» — {_STATUS[loc][p.status]}"))
        else:
            due = f", due {p.due}" if p.due else ""
            promise_lines.append((p, f"Promised (msg {p.message}{due}): “{p.text[:100]}” — {_STATUS[loc][p.status]}"))
    flag_line = (("Флаги: " if ru else "Flags: ") + ", ".join(_FLAG[loc][f.kind] for f in flags)) if flags else None
    last_line = None
    if last_customer is not None:
        text = " ".join(ticket.messages[last_customer].text.split())
        text = text if len(text) <= 110 else text[:107].rsplit(" ", 1)[0] + "…"
        last_line = f"Последнее сообщение клиента (сообщ. {last_customer}): «{text}»" if ru else f"Customer's last message (msg {last_customer}): “{text}”"

    # drop the least important lines until 6 remain: answered asks, last message, kept/open promises (newest kept)
    def assemble() -> list[str]:
        out = [head, open_line]
        if closed_line:
            out.append(closed_line)
        out += [line for _, line in promise_lines]
        if flag_line:
            out.append(flag_line)
        if last_line:
            out.append(last_line)
        return out

    lines = assemble()
    while len(lines) > 6:
        if closed_line:
            closed_line = None
        elif last_line and len(lines) > 6:
            last_line = None
        elif promise_lines and promise_lines[-1][0].status != "broken":
            promise_lines.pop()
        else:
            break
        lines = assemble()
    lines = lines[:6]
    return Brief(summary="\n".join(lines), promises=promises, lines=lines)
