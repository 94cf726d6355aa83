-- The Neovim 0.7 configuration of the screen capture in docs/editors.md (Debian 12's
-- neovim package; newer Neovim: see docs/editors.md). Run: nvim -u neovim-init.lua FILE
vim.opt.termguicolors = false
vim.opt.number = true
vim.opt.wrap = true
vim.opt.linebreak = true
vim.cmd("highlight NormalFloat ctermbg=236 ctermfg=252")
vim.cmd("highlight FloatBorder ctermbg=236 ctermfg=244")
vim.diagnostic.config({ virtual_text = true, underline = true, signs = true })

vim.api.nvim_create_autocmd("FileType", {
  pattern = { "markdown", "text", "html" },
  callback = function(args)
    if not _G.kettools_client then
      _G.kettools_client = vim.lsp.start_client({
        name = "kettools",
        cmd = { "kettools", "lsp" },
        root_dir = vim.fn.getcwd(),
      })
    end
    vim.lsp.buf_attach_client(args.buf, _G.kettools_client)
    vim.keymap.set("n", "K", vim.lsp.buf.hover, { buffer = args.buf })
    vim.keymap.set("n", "ga", vim.lsp.buf.code_action, { buffer = args.buf })
  end,
})
