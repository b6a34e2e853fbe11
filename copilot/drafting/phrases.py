"""The fixed wording of drafts in Russian and English: greeting, leads, apologies, escalation, closing.

The customer is always addressed as «вы» (lower case) / "you"; the company speaks as «мы» / "we".
"""

from __future__ import annotations

LEADS = {
    "ru": {
        "courier_time": "О времени приезда курьера", "return_pickup": "О вывозе возврата", "delivery_date": "О сроке доставки",
        "refund": "О возврате денег", "return": "О возврате товара", "defect": "О товаре с недостатком",
        "warranty": "О гарантийном ремонте", "tech_complex": "О технически сложном товаре", "wrong_item": "О том, что пришёл не тот товар",
        "not_shipped": "О том, что заказ не передан в доставку", "lost_order": "Об отменённом заказе", "cashback": "О кешбэке банка",
        "compensation": "О компенсации", "payment_restriction": "Об ограничении оплаты", "listing_block": "О блокировке", "pickup_point_change": "О смене пункта выдачи",
        "storage": "О сроке хранения заказа", "account_security": "О безопасности аккаунта", "damaged": "О повреждённом товаре",
        "partial": "О недостающих товарах", "escalation": "О передаче обращения старшему специалисту", "inspection": "О проверке пункта",
        "rebranding": "О ребрендинге", "fine": "О штрафе", "manager": "О работе менеджера", "support_channel": "О каналах связи",
        "payout": "О выплатах", "parcel_acceptance": "О приёмке отправлений", "warehouse_loss": "О товаре, утерянном или повреждённом на складе",
        "contract": "Об изменении условий", "shipment": "Об отгрузке",
    },
    "en": {
        "courier_time": "About the courier's arrival time", "return_pickup": "About collecting your return", "delivery_date": "About the delivery date",
        "refund": "About your refund", "return": "About returning the item", "defect": "About the defective item", "warranty": "About warranty repair",
        "tech_complex": "About the technically complex item", "wrong_item": "About receiving the wrong item", "not_shipped": "About the order not yet shipped",
        "lost_order": "About the cancelled order", "cashback": "About your bank's cashback", "compensation": "About compensation",
        "payment_restriction": "About the payment restriction", "listing_block": "About the block", "pickup_point_change": "About changing the pickup point",
        "storage": "About the storage period", "account_security": "About your account's security", "damaged": "About the damaged item",
        "partial": "About the missing items", "escalation": "About handing your case to a senior specialist", "inspection": "About the inspection",
        "rebranding": "About rebranding", "fine": "About the fine", "manager": "About the manager", "support_channel": "About how to reach us",
        "payout": "About payouts", "parcel_acceptance": "About parcel acceptance", "warehouse_loss": "About the goods lost or damaged in the warehouse",
        "contract": "About the changed terms", "shipment": "About shipment",
    },
}

TEXT = {
    "ru": {
        "greeting": "Здравствуйте!",
        "ack": "Мы прочитали {what}{orders} и отвечаем по каждому вашему вопросу.",
        "ack_one": "Мы прочитали {what}{orders} и отвечаем по существу.",
        "ack_hold": "Мы прочитали {what}{orders}. Точный ответ мы уточним у профильной команды и вернёмся с ним в этом обращении в течение 24 часов.",
        "what_thread": "всю переписку", "what_message": "ваше сообщение",
        "orders": " по заказу {ids}", "orders_many": " по заказам {ids}",
        "complaint_lead": "Вы пишете: «{text}»",
        "question_lead": "Вы спрашиваете: «{text}»",
        "sorry_broken": "Приносим извинения: ранее мы обещали — «{promise}», — но это не было выполнено.",
        "sorry_promised": "Приносим извинения: мы обещали {action}{due}, и этого не произошло.",
        "sorry_also": "Не выполнили мы и обещание {what}.",
        "sorry_also_many": "Не выполнили мы и обещания {what}.",
        "and": " и ",
        "sorry_repeat": "Простите, что прежний ответ не касался сути вашего вопроса.",
        "sorry_again": "Простите, что вам пришлось писать нам повторно.",
        "sorry_again_n": "Простите, что вам приходится писать нам уже {n} раз.",
        "sorry_late_answer": "Простите, что с ответом на ваш вопрос мы так затянули.",
        "sorry_still_open": "Простите, что на ваш вопрос «{ask}» мы так и не ответили.",
        "sorry_missed": "Простите, что в прошлом ответе ничего не было про {what}.",
        "sorry_fault": "Нам жаль, что с заказом так получилось.",
        "sorry_no_notice": "Нам жаль, что перенос даты застал вас врасплох.",
        "sorry_no_show": "Нам жаль, что курьер так и не приехал.",
        "sorry_unclaimed": "Нам жаль, что так совпало и заказ не дождался вас.",
        "sorry_not_shipped": "Нам жаль, что продавец так и не отправил заказ и вам пришлось столько ждать.",
        "escalate": "Мы передаём обращение в выделенную группу: старшие специалисты разберут ситуацию и ответят вам в течение 24 часов.",
        "escalate_again": "Старшие специалисты выделенной группы разберут ситуацию и ответят вам в течение 24 часов.",
        "legal": "Если вы направляете письменную претензию, её рассмотрят в течение 10 дней.",
        "legal_bodies": "Обратиться в {bodies} — ваше право; письменную претензию, если вы её направите, мы рассмотрим в течение 10 дней.",
        "legal_seller": "Письменную претензию можно направить через «Кабинет продавца»; ответ на неё даётся в течение 10 рабочих дней.",
        "penalty": "Ваше требование о неустойке мы передаём туда же: решение по нему принимает выделенная группа.",
        "closing": "Если останутся вопросы, напишите в этот чат — мы продолжим с того же места.",
        "note": "[Оператору: в базе знаний нет подтверждённого ответа на вопрос «{ask}». Уточните у выделенной группы и не отправляйте догадку.]",
        "note_statement": "[Оператору: клиент пишет «{ask}» — отдельного правила на это в базе знаний нет. Если ответ выше этого не учитывает, "
                          "ответьте своими словами по фактам обращения; новых обещаний не давайте.]",
        "note_lang": "[Оператору: на вопрос «{ask}» есть только материалы на другом языке ({docs}); ответьте своими словами по ним.]",
    },
    "en": {
        "greeting": "Hello!",
        "ack": "We have read {what}{orders} and answer each of your questions below.",
        "ack_one": "We have read {what}{orders} carefully; here is our answer.",
        "ack_hold": "We have read {what}{orders}. We will confirm the exact answer with the team concerned and come back to you in this conversation within 24 hours.",
        "what_thread": "the whole conversation", "what_message": "your message",
        "orders": " about order {ids}", "orders_many": " about orders {ids}",
        "complaint_lead": "You wrote: “{text}”",
        "question_lead": "You asked: “{text}”",
        "sorry_broken": "We apologise: earlier we promised “{promise}”, and this did not happen.",
        "sorry_promised": "We apologise: we promised to {action}{due}, and this did not happen.",
        "sorry_also": "Nor did we keep our promise to {what}.",
        "sorry_also_many": "Nor did we keep our promises to {what}.",
        "and": " and to ",
        "sorry_repeat": "We are sorry that the previous reply did not address your question.",
        "sorry_again": "We are sorry you had to contact us again.",
        "sorry_again_n": "We are sorry you have had to write to us for the {n} time.",
        "sorry_late_answer": "We are sorry it has taken us so long to answer your question.",
        "sorry_still_open": "We are sorry your question “{ask}” has still not been answered.",
        "sorry_missed": "We are sorry the previous reply said nothing about {what}.",
        "sorry_fault": "We are sorry this happened with your order.",
        "sorry_no_notice": "We are sorry the change of date took you by surprise.",
        "sorry_no_show": "We are sorry the courier never came.",
        "sorry_unclaimed": "We are sorry it turned out this way and the order did not wait for you.",
        "sorry_not_shipped": "We are sorry the seller never shipped your order and you had to wait so long.",
        "escalate": "We are handing your case to the dedicated group: senior specialists will review it and reply within 24 hours.",
        "escalate_again": "The dedicated group's senior specialists will review your case and reply within 24 hours.",
        "legal": "If you send a written claim, it will be reviewed within 10 days.",
        "legal_bodies": "Turning to {bodies} is your right; if you send us a written claim, we will review it within 10 days.",
        "legal_seller": "A written claim can be filed through the Seller Account; it is answered within 10 business days.",
        "penalty": "Your claim for a statutory penalty goes to them as well: the dedicated group decides on it.",
        "closing": "If anything is still unclear, reply in this chat and we will pick up from here.",
        "note": "[To the operator: the knowledge base has no confirmed answer to “{ask}”. Check with the dedicated group; do not send a guess.]",
        "note_statement": "[To the operator: the customer writes “{ask}” — no rule in the knowledge base speaks to it. If the reply above does not "
                          "take it into account, answer in your own words from the facts of the case; make no new promises.]",
        "note_lang": "[To the operator: for “{ask}” there is material only in another language ({docs}); answer in your own words from it.]",
    },
}

# what was promised, in our words (analysis/promises.py ACTIONS); None: quote the promise instead
PROMISED = {
    "ru": {"contact": "связаться с вами", "pickup": "забрать возврат", "refund": "вернуть деньги", "points": "начислить баллы", "points_back": "вернуть баллы", "payout": "перечислить выплату", "call": "перезвонить вам",
           "delivery": "доставить заказ", "check": "разобраться и сообщить вам результат", "reschedule": "перенести {what}",
           "compensation": "выплатить компенсацию"},
    "en": {"contact": "get back to you", "pickup": "collect your return", "refund": "refund your money", "points": "credit the points", "points_back": "give your points back", "payout": "make the payout", "call": "call you back",
           "delivery": "deliver your order", "check": "look into it and tell you the result", "reschedule": "reschedule {what}",
           "compensation": "pay the compensation"},
}
RESCHEDULED = {"ru": ("забор возврата", "доставку"), "en": ("the return pickup", "the delivery")}
# a reschedule that was made, and then the courier did not come on the new date: that is the broken promise
CAME_ON = {"ru": ("Приносим извинения: мы перенесли забор возврата{on} и обещали, что курьер его заберёт, но курьер не пришёл.",
                  "Приносим извинения: мы перенесли доставку{on} и обещали, что курьер привезёт заказ, но курьер не приехал."),
           "en": ("We apologise: we rebooked the return pickup{on} and promised the courier would collect it, and nobody came.",
                  "We apologise: we rebooked the delivery{on} and promised the courier would bring your order, and nobody came.")}
# a broken promise to contact the customer, said the way it was given: a call, a manager, or a reply
CONTACT_SORRY = {
    "ru": {"call": "Приносим извинения: мы обещали, что вам позвонят{due}, но звонка так и не было.",
           "manager": "Приносим извинения: мы обещали, что с вами свяжется {who}{due}, но с вами так и не связались.",
           "reply": "Приносим извинения: мы обещали связаться с вами{due}, но с вами так и не связались."},
    "en": {"call": "We apologise: we promised to call you back{due}, and no call came.",
           "manager": "We apologise: we promised that {who} would contact you{due}, and nobody did.",
           "reply": "We apologise: we promised to get back to you{due}, and we did not."},
}

# the failure a complaint is about, named (an apology says what went wrong, not "something happened")
SORRY_TOPIC = {
    "ru": {"courier_time": "Нам жаль, что курьер не соблюдал выбранный вами интервал.", "delivery_date": "Нам жаль, что срок доставки сдвинулся.",
           "lost_order": "Нам жаль, что заказ так и не доехал до вас.", "wrong_item": "Нам жаль, что вам привезли не тот товар.",
           "damaged": "Нам жаль, что товар приехал повреждённым.", "partial": "Нам жаль, что в заказе пришли не все товары.",
           "not_shipped": "Нам жаль, что заказ до сих пор не передан в доставку.", "return_pickup": "Нам жаль, что курьер не забрал возврат вовремя."},
    "en": {"courier_time": "We are sorry the courier did not keep to your time window.", "delivery_date": "We are sorry your delivery date moved.",
           "lost_order": "We are sorry your order never reached you.", "wrong_item": "We are sorry you received the wrong item.",
           "damaged": "We are sorry the item arrived damaged.", "partial": "We are sorry not all items of your order arrived.",
           "not_shipped": "We are sorry your order has still not been handed over for delivery.", "return_pickup": "We are sorry the courier did not collect your return on time."},
}

FAULT_TOPICS = {"courier_time", "lost_order", "wrong_item", "damaged", "partial", "not_shipped", "delivery_date", "return_pickup"}
