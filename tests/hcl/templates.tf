heredoc = <<EOF
line one ${var.x}
  indented $${literal}
EOF

indented = <<-EOT
    first
      second
    ${var.x} third

    fourth
    EOT

closing_indented = <<EOT
text
    EOT

strip_interp = "a   ${~ var.x ~}   b"
strip_directive = "%{ if var.on ~}  on  %{~ else ~}  off  %{~ endif }"
directive_if = "x%{if a}yes%{endif}z"
directive_if_else = "%{if a}${b}%{else}c%{endif}"
directive_for = "%{for k, v in var.m}${k}=${v},%{endfor}"
directive_for_one = "%{ for v in var.l }[${v}]%{ endfor }"
heredoc_directives = <<-EOT
  %{ for ip in var.ips ~}
  server ${ip}
  %{ endfor ~}
  done
EOT
nested_template = "outer ${"inner ${var.x}"} end"
user_data = <<-EOF
  #!/bin/bash
  echo "hello ${var.name}" > /tmp/x
  EOF
strip_heredoc_midline = <<EOT
a  
  ${~ var.x}
EOT
strip_heredoc_line_start = <<EOT
a  
${~ var.x}
EOT
strip_heredoc_rest_of_line = <<EOT
%{ if var.c ~}
  x
%{ endif ~}
  y
EOT
interpolated_strings = "${" a " ~} ${" b"}"
flush_interp_start = <<-EOT
    a
  ${var.b}
  EOT
crlf = "x"
