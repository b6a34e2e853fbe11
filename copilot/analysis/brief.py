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
    loc = "en" if locale == "en" else "ru"
    n_customer = sum(1 for m in ticket.messages if m.role == "customer")
    operators = list(dict.fromkeys(m.author for m in ticket.messages if m.role == "operator" and m.author))
    n_operator = sum(1 for m in ticket.messages if m.role == "operator")
    who = _WHO[loc][ticket.audience]
    orders = ", ".join(ents.order_ids[:3])
    open_asks = [a for a in asks if a.open]
    closed = [a for a in asks if not a.open]
    lines: list[str] = []
    if loc == "ru":
        head = f"{who}{' (заказ ' + orders + ')' if orders else ''}: {n_customer} сообщ. клиента, {n_operator} ответ(а) операторов"
        head += f" ({', '.join(operators)})." if operators else "."
        lines.append(head)
        if open_asks:
            lines.append("Открыто: " + "; ".join(f"{a.text}" for a in open_asks[:5]) + ("…" if len(open_asks) > 5 else ""))
        if closed:
            lines.append("Уже отвечено: " + "; ".join(a.text for a in closed[:3]))
        for p in promises[:3]:
            due = f", срок {p.due}" if p.due else ""
            lines.append(f"Обещано (сообщ. {p.message}{due}): «{p.text[:100]}» — {_STATUS[loc][p.status]}")
        if flags:
            lines.append("Флаги: " + ", ".join(_FLAG[loc][f.kind] for f in flags))
        summary_lines = lines[:6]
    else:
        head = f"{who}{' (order ' + orders + ')' if orders else ''}: {n_customer} customer message(s), {n_operator} operator reply(ies)"
        head += f" ({', '.join(operators)})." if operators else "."
        lines.append(head)
        if open_asks:
            lines.append("Open: " + "; ".join(a.text for a in open_asks[:5]) + ("…" if len(open_asks) > 5 else ""))
        if closed:
            lines.append("Already answered: " + "; ".join(a.text for a in closed[:3]))
        for p in promises[:3]:
            due = f", due {p.due}" if p.due else ""
            lines.append(f"Promised (msg {p.message}{due}): “{p.text[:100]}” — {_STATUS[loc][p.status]}")
        if flags:
            lines.append("Flags: " + ", ".join(_FLAG[loc][f.kind] for f in flags))
        summary_lines = lines[:6]
    return Brief(summary="\n".join(summary_lines), promises=promises, lines=summary_lines)
