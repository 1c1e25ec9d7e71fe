from secretariat_app.cli import main

raise SystemExit(main())
