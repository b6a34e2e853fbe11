"""Topic router: which policy documents answer which topic, per audience.

Retrieval ranks passages by similarity; the router adds domain knowledge on top: a passage from
(or a past answer citing) a document that owns the ask's topic is preferred, and an ask whose topic
is known is only answered from passages that agree with it.
"""

from __future__ import annotations

ROUTES: dict[str, dict[str, list[str]]] = {
    "buyer": {
        "courier_time": ["buyer/courier-time-windows"],
        "return_pickup": ["buyer/courier-return-pickup"],
        "delivery_date": ["buyer/delivery-dates", "buyer/seller-not-shipped"],
        "refund": ["buyer/refund-timelines"],
        "return": ["buyer/return-proper-quality", "buyer/courier-return-pickup"],
        "defect": ["buyer/defective-goods", "buyer/technically-complex-goods"],
        "warranty": ["buyer/warranty-repair"],
        "tech_complex": ["buyer/technically-complex-goods"],
        "wrong_item": ["buyer/wrong-item"],
        "not_shipped": ["buyer/seller-not-shipped"],
        "lost_order": ["buyer/order-cancelled-lost"],
        "cashback": ["buyer/bank-cashback"],
        "compensation": ["buyer/compensation-rules", "buyer/points-and-promo-codes"],
        "points_after_return": ["buyer/points-and-promo-codes", "buyer/refund-timelines"],
        "payment_restriction": ["buyer/payment-restrictions"],
        "pickup_point_change": ["buyer/pickup-point-change"],
        "storage": ["buyer/storage-period"],
        "account_security": ["buyer/account-security"],
        "damaged": ["buyer/damaged-in-delivery"],
        "partial": ["buyer/partial-delivery"],
        "escalation": ["support/escalation"],
    },
    "seller": {
        "warehouse_loss": ["seller/warehouse-loss-compensation"],
        "damaged": ["seller/delivery-damage-compensation"],
        "fine": ["seller/cancellation-fines", "seller/shipment-deadlines"],
        "contract": ["seller/contract-changes"],
        "payout": ["seller/payouts"],
        "refund": ["seller/payouts"],
        "shipment": ["seller/shipment-deadlines"],
        "return": ["seller/returns-to-seller"],
        "defect": ["seller/returns-to-seller"],
        "listing_block": ["seller/disputes"],
        "escalation": ["support/escalation", "seller/disputes"],
    },
    "pickup_point": {
        "inspection": ["pickup-point/inspections"],
        "rebranding": ["pickup-point/rebranding"],
        "fine": ["pickup-point/fines", "pickup-point/fine-disputes"],
        "manager": ["pickup-point/manager-duties", "pickup-point/manager-complaints"],
        "support_channel": ["pickup-point/support-channels"],
        "payout": ["pickup-point/payouts"],
        "parcel_acceptance": ["pickup-point/parcel-acceptance"],
        "partial": ["pickup-point/parcel-acceptance"],
        "responsibility": ["pickup-point/manager-duties", "pickup-point/support-channels"],
        "escalation": ["support/escalation"],
    },
}


# a kind of goods («холодильник», "laptop") says which rules apply, not what the customer asks about:
# it never routes an ask to a document on its own
GOODS_TOPICS = {"tech_complex"}


def preferred_docs(audience: str, topic: str, lang: str = "ru") -> set[str]:
    docs = set(ROUTES.get(audience, {}).get(topic, []))
    if lang == "en":
        # English versions live under <audience>/en/ (only those that exist are used: see DraftService.retrieve)
        docs |= {d.split("/", 1)[0] + "/en/" + d.split("/", 1)[1] for d in docs}
    return docs
