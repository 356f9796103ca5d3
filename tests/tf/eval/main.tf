# The module tests/tf/eval.txt evaluates its expressions in.
variable "name" {
  type    = string
  default = "web"
}

variable "ports" {
  type    = list(number)
  default = [22, 443]
}

variable "unset" {
  type = string
}

variable "tags" {
  type    = map(string)
  default = { env = "prod", team = "net" }
}

variable "rule" {
  type = object({
    port  = number
    cidrs = optional(list(string), ["10.0.0.0/8"])
    note  = optional(string)
  })
  default = { port = "8080" }
}

locals {
  doubled = [for p in var.ports : p * 2]
  by_name = { for k, v in var.tags : v => k }
  chain   = local.doubled
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
