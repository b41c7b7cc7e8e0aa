from kamtui.cli import main

main(prog_name="kamtui")
