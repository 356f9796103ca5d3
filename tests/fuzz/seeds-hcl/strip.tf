a = "${b ~}%{ if c }x%{~ else }y%{ endif }"
