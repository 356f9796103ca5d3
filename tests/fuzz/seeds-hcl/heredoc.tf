x = <<-EOT
  a
    ${b}
  EOT
y = <<E
E
