from rolebot.cli import main

raise SystemExit(main())
