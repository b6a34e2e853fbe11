"""Pure text utilities: language, sentences, stems, entities."""
