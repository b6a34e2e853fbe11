"""Personal data is masked in everything logged."""

import io
import json

import structlog

from copilot.log import configure_logging, mask_pii


def test_mask_pii() -> None:
    text = "Пишите на anna.k@example.ru или +7 (912) 345-67-89, карта 4276 1234 5678 9012, заказ 0117411440-0002"
    masked = mask_pii(text)
    assert "anna.k@example.ru" not in masked and "[email]" in masked
    assert "345-67-89" not in masked and "[phone]" in masked
    assert "4276 1234 5678 9012" not in masked and "[card]" in masked
    assert "0117411440-0002" in masked  # order numbers are not personal data


def test_logged_json_is_masked() -> None:
    out = io.StringIO()
    configure_logging("info", "true", stream=out)
    structlog.get_logger().info("feedback_failed", detail="звоните 8 800 555 35 35 или пишите a@b.ru", nested={"card": "5500000000000004"})
    line = json.loads(out.getvalue().strip().splitlines()[-1])
    assert "555 35 35" not in line["detail"] and "a@b.ru" not in line["detail"]
    assert line["nested"]["card"] == "[card]"
