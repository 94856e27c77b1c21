.PHONY: setup test eval
setup:
	bash scripts/setup.sh
test:
	bash scripts/test.sh
eval:
	.venv/bin/python eval/intent.py
